"""The permission service: roles, the holder scope, delegations; denied by default."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from portal.access import (
    Need,
    holder_scope,
    holders_acted_for,
    is_administrator,
    is_officer,
    may_act_for_holder,
    office_of,
    role_of,
)
from portal.accounts.models import Delegation, Organization
from portal.tests.factories import DelegationFactory, UserFactory

pytestmark = pytest.mark.django_db


def holders_in_scope(user, need=Need.VIEW):
    return set(Organization.objects.filter(holder_scope(user, need=need, holder_path="pk", recordal_path="pk")))


def test_each_role_is_named(cast):
    assert role_of(cast.admin) == "administrator"
    assert role_of(cast.officer1) == "officer"
    assert role_of(cast.holder1_user) == "holder"
    assert role_of(cast.agent_user) == "agent"
    assert role_of(AnonymousUser()) == "none"
    assert role_of(UserFactory()) == "none"


def test_only_the_department_and_superusers_are_administrators(cast):
    assert is_administrator(cast.admin)
    assert is_administrator(UserFactory(is_superuser=True))
    for user in (cast.officer1, cast.holder1_user, cast.agent_user, AnonymousUser(), UserFactory()):
        assert not is_administrator(user)


def test_officer_is_attached_to_its_own_office(cast):
    assert is_officer(cast.officer1)
    assert office_of(cast.officer1) == cast.office1
    assert office_of(cast.officer2) == cast.office2
    assert not is_officer(cast.holder1_user)


def test_user_without_organization_reaches_nothing(cast):
    assert holders_in_scope(UserFactory()) == set()
    assert holders_in_scope(AnonymousUser()) == set()


def test_inactive_user_reaches_nothing(cast):
    cast.holder1_user.is_active = False
    assert holders_in_scope(cast.holder1_user) == set()


def test_holder_member_reaches_only_its_own_holder(cast):
    assert holders_in_scope(cast.holder1_user) == {cast.holder1}
    assert holders_in_scope(cast.holder2_user) == {cast.holder2}


def test_officer_and_administrator_have_no_holder_scope(cast):
    assert holders_in_scope(cast.officer1) == set()
    assert holders_in_scope(cast.admin) == set()


def test_agent_reaches_delegating_holder_only(cast):
    assert holders_in_scope(cast.agent_user) == {cast.holder1}
    assert may_act_for_holder(cast.agent_user, cast.holder1, Need.DECIDE)
    assert not may_act_for_holder(cast.agent_user, cast.holder2, Need.VIEW)


def test_revoked_delegation_grants_nothing(cast):
    Delegation.objects.filter(pk=cast.delegation.pk).update(revoked_at=timezone.now())
    assert holders_in_scope(cast.agent_user) == set()
    assert not may_act_for_holder(cast.agent_user, cast.holder1)


def test_delegation_without_decision_right_does_not_allow_deciding(cast):
    Delegation.objects.filter(pk=cast.delegation.pk).update(may_decide=False)
    assert holders_in_scope(cast.agent_user, Need.VIEW) == {cast.holder1}
    assert holders_in_scope(cast.agent_user, Need.DECIDE) == set()
    assert holders_in_scope(cast.agent_user, Need.FILE) == {cast.holder1}


def test_chosen_scope_does_not_cover_the_holder_as_a_whole(cast):
    DelegationFactory(holder=cast.holder2, agent=cast.agent_firm, scope=Delegation.Scope.CHOSEN)
    assert set(holders_acted_for(cast.agent_user)) == {cast.holder1}


def test_inactive_holder_is_out_of_an_agents_reach(cast):
    Organization.objects.filter(pk=cast.holder1.pk).update(is_active=False)
    assert holders_in_scope(cast.agent_user) == set()
