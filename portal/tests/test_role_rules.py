"""One home per role rule: the user's own holder, customs staff, and the holder scope without any app's names."""

import pytest
from django.contrib.auth.models import AnonymousUser

from portal.access import Need, holder_of, holder_scope, is_customs_staff
from portal.accounts.models import Delegation, Organization
from portal.tests.factories import DelegationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_own_holder_is_only_a_holders_staffs(cast):
    assert holder_of(cast.holder1_user) == cast.holder1
    for user in (cast.agent_user, cast.officer1, cast.admin, AnonymousUser(), UserFactory()):
        assert holder_of(user) is None


def test_an_inactive_holder_member_has_no_holder(cast):
    cast.holder1_user.is_active = False
    assert holder_of(cast.holder1_user) is None


def test_customs_staff_are_officers_and_administrators_only(cast):
    assert is_customs_staff(cast.officer1) and is_customs_staff(cast.admin)
    for user in (cast.holder1_user, cast.agent_user, AnonymousUser(), UserFactory()):
        assert not is_customs_staff(user)


def test_a_chosen_delegation_reaches_what_the_app_maps_it_to_and_nothing_without(cast):
    DelegationFactory(holder=cast.holder2, agent=cast.agent_firm, scope=Delegation.Scope.CHOSEN)
    seen = []

    def chosen(delegations):
        seen.extend(delegations)
        return Organization.objects.filter(pk=cast.holder2.pk).values("pk")

    def scope(**kwargs):
        q = holder_scope(cast.agent_user, need=Need.VIEW, holder_path="pk", recordal_path="pk", **kwargs)
        return set(Organization.objects.filter(q))

    assert cast.holder2 not in scope()
    assert cast.holder2 in scope(chosen_recordals=chosen)
    assert [d.holder for d in seen] == [cast.holder2]
