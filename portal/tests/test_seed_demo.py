"""seed_demo: the fixed demo logins, safe to run twice."""

import pytest
from django.core.management import call_command

from portal.access import role_of
from portal.accounts.models import Delegation, Membership, Organization, User

pytestmark = pytest.mark.django_db


def run_seed():
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def table_counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "recordals", "confirmations", "notices"}
    }


def test_seed_demo_creates_the_documented_logins_with_their_roles(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    output = run_seed()
    expected = {
        "admin": "administrator",
        "admin2": "administrator",
        "officer1": "officer",
        "officer2": "officer",
        "holder1": "holder",
        "holder1b": "holder",
        "holder2": "holder",
        "agent1": "agent",
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo-pass-2026"), username
        assert role_of(user) == role
        assert username in output
    assert "demo-pass-2026" in output


def test_seed_demo_places_officers_in_two_offices_of_one_district():
    run_seed()
    office1 = User.objects.get(username="officer1").organization
    office2 = User.objects.get(username="officer2").organization
    assert office1 != office2
    assert office1.district == office2.district
    assert User.objects.get(username="holder1b").organization == User.objects.get(username="holder1").organization


def test_seed_demo_delegates_the_first_holder_to_the_agent_for_all_recordals():
    run_seed()
    delegation = Delegation.objects.get(agent__memberships__user__username="agent1")
    assert delegation.holder == User.objects.get(username="holder1").organization
    assert delegation.scope == Delegation.Scope.ALL


def test_seed_demo_twice_creates_nothing_new():
    run_seed()
    before = table_counts()
    run_seed()
    assert table_counts() == before
    assert Organization.objects.filter(name="Maison Lumière").count() == 1
    assert Membership.objects.filter(user__username="holder1").count() == 1
