"""Organizations, memberships and delegations change in the admin; every change is one event, old → new."""

import pytest
from django.urls import reverse

from portal.accounts.models import (
    Delegation,
    DelegationEvent,
    Membership,
    MembershipEvent,
    Organization,
    OrganizationEvent,
)
from portal.tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def _change(admin_client, model: str, pk: int, **changes):
    url = reverse(f"admin:accounts_{model}_change", args=[pk])
    answer = admin_client.post(url, admin_form_data(admin_client, url, **changes))
    assert answer.status_code == 302, answer.context["adminform"].form.errors if answer.context else answer
    return answer


def test_an_organization_edit_writes_one_event_naming_each_changed_field(cast, admin_client, admin_user):
    _change(admin_client, "organization", cast.holder2.pk, name="Nordic Timepieces AB", is_active=None)

    (event,) = OrganizationEvent.objects.filter(organization=cast.holder2)
    assert (event.action, event.actor) == ("changed", admin_user)
    assert event.data == {
        "via": "admin",
        "changes": {"name": ["Nordic Timepieces", "Nordic Timepieces AB"], "is_active": ["True", "False"]},
    }


def test_saving_an_organization_unchanged_writes_no_event(cast, admin_client):
    _change(admin_client, "organization", cast.holder2.pk)

    assert not OrganizationEvent.objects.exists()


def test_an_organization_added_in_the_admin_writes_one_added_event(admin_client):
    url = reverse("admin:accounts_organization_add")
    answer = admin_client.post(url, admin_form_data(admin_client, url, kind="holder", name="Atelier Neuf"))

    assert answer.status_code == 302
    organization = Organization.objects.get(name="Atelier Neuf")
    (event,) = OrganizationEvent.objects.filter(organization=organization)
    assert event.action == "added" and event.data["changes"]["name"] == [None, "Atelier Neuf"]


def test_a_revoked_delegation_is_one_event_and_nobody_deletes_it(cast, admin_client):
    _change(admin_client, "delegation", cast.delegation.pk, revoked_at_0="2026-03-10", revoked_at_1="10:00:00")

    (event,) = DelegationEvent.objects.filter(delegation=cast.delegation)
    assert event.data["changes"]["revoked_at"][0] is None
    assert event.data["changes"]["revoked_at"][1].startswith("2026-03-10")
    delete = reverse("admin:accounts_delegation_delete", args=[cast.delegation.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Delegation.objects.filter(pk=cast.delegation.pk).exists()


def test_a_delegations_powers_changed_are_recorded(cast, admin_client):
    _change(admin_client, "delegation", cast.delegation.pk, may_decide=None)

    (event,) = DelegationEvent.objects.filter(delegation=cast.delegation)
    assert event.data["changes"] == {"may_decide": ["True", "False"]}


def test_a_membership_role_change_writes_one_event(cast, admin_client):
    membership = Membership.objects.get(user=cast.holder1_user)

    _change(admin_client, "membership", membership.pk, role="owner")

    (event,) = MembershipEvent.objects.filter(membership=membership)
    assert event.data["changes"] == {"role": ["member", "owner"]}


def test_a_membership_moved_in_the_users_page_writes_one_event(cast, admin_client):
    membership = Membership.objects.get(user=cast.holder1_user)
    url = reverse("admin:accounts_user_change", args=[cast.holder1_user.pk])
    data = admin_form_data(admin_client, url)
    data["membership_row-0-organization"] = cast.holder2.pk

    assert admin_client.post(url, data).status_code == 302

    (event,) = MembershipEvent.objects.filter(membership=membership)
    assert event.data["changes"] == {"organization": [str(cast.holder1.pk), str(cast.holder2.pk)]}


def test_the_organization_page_shows_its_history(cast, admin_client):
    _change(admin_client, "organization", cast.holder2.pk, name="Nordic Timepieces AB")

    page = admin_client.get(reverse("admin:accounts_organization_change", args=[cast.holder2.pk]))

    assert "Nordic Timepieces AB" in page.content.decode()
    assert page.context["inline_admin_formsets"][0].formset.queryset.count() == 1


def test_an_account_switched_off_in_the_admin_is_one_event_without_the_password_and_is_never_deleted(
    cast, admin_client, admin_user
):
    from portal.accounts.models import UserEvent

    user = cast.holder2_user
    _change(admin_client, "user", user.pk, is_active=None, email="leaver@example.com")

    (event,) = UserEvent.objects.filter(user=user)
    assert (event.action, event.actor) == ("changed", admin_user)
    changes = event.data["changes"]
    assert changes["is_active"] == ["True", "False"] and changes["email"][1] == "leaver@example.com"
    assert "password" not in changes and "last_login" not in changes
    assert admin_client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"}).status_code == 403
    assert "Changed" in admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()


def test_groups_and_permissions_granted_in_the_admin_are_recorded_in_the_accounts_one_event(cast, admin_client):
    from django.contrib.auth.models import Group

    from portal.accounts.models import UserEvent

    group = Group.objects.create(name="Reviewers")
    user = cast.holder2_user

    _change(admin_client, "user", user.pk, is_staff="on", groups=[group.pk])

    (event,) = UserEvent.objects.filter(user=user)
    assert event.data["changes"]["groups"] == ["", "Reviewers"]
    assert event.data["changes"]["is_staff"] == ["False", "True"]


def test_a_password_set_in_the_admin_is_recorded_without_the_password(cast, admin_client, admin_user):
    from portal.accounts.models import UserEvent

    user = cast.holder2_user
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    answer = admin_client.post(url, {"password1": "A-new-long-pass-2026", "password2": "A-new-long-pass-2026"})

    assert answer.status_code == 302
    (event,) = UserEvent.objects.filter(user=user)
    assert (event.action, event.actor) == ("changed", admin_user)
    assert event.data["changes"] == {"password": ["…", "…"]}
