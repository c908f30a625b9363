import pytest

from confirmations.access import cases_visible_to, items_visible_to, may_act_as_officer, may_decide
from confirmations.tests.factories import file_case, item_input
from portal.accounts.models import Delegation
from recordals.tests.factories import recordal_in_force

pytestmark = pytest.mark.django_db


def test_items_visible_to_each_role(filed, cast):
    case, lumiere, nordik = filed
    assert set(items_visible_to(cast.admin)) == {lumiere, nordik}
    assert set(items_visible_to(cast.officer1)) == {lumiere, nordik}
    assert set(items_visible_to(cast.officer2)) == set()
    assert set(items_visible_to(cast.holder1_user)) == {lumiere}
    assert set(items_visible_to(cast.holder2_user)) == {nordik}
    assert set(items_visible_to(cast.agent_user)) == {lumiere}
    assert set(items_visible_to(cast.outsider)) == set()


def test_cases_visible_to_each_role(filed, cast):
    case, _, _ = filed
    assert list(cases_visible_to(cast.officer1)) == [case]
    assert list(cases_visible_to(cast.officer2)) == []
    assert list(cases_visible_to(cast.holder2_user)) == [case]
    assert list(cases_visible_to(cast.outsider)) == []


def test_revoked_delegation_loses_sight_and_decision(filed, cast):
    from django.utils import timezone

    _case, lumiere, _ = filed
    assert may_decide(cast.agent_user, lumiere)
    Delegation.objects.filter(pk=cast.delegation.pk).update(revoked_at=timezone.now())
    assert not may_decide(cast.agent_user, lumiere)
    assert not items_visible_to(cast.agent_user).exists()


def test_chosen_scope_delegation_covers_only_chosen_recordals(cast, recordals):
    Delegation.objects.filter(pk=cast.delegation.pk).update(scope=Delegation.Scope.CHOSEN)
    other = recordal_in_force(cast.holder1, title="SOLEIL")
    recordals.lumiere.delegations.add(cast.delegation)
    case = file_case(cast.officer1, [item_input(recordals.lumiere), item_input(other)])
    chosen, not_chosen = case.items.order_by("pk")
    assert list(items_visible_to(cast.agent_user)) == [chosen]
    assert may_decide(cast.agent_user, chosen) and not may_decide(cast.agent_user, not_chosen)


def test_only_officers_of_the_cases_office_act(filed, cast):
    case, _, _ = filed
    assert may_act_as_officer(cast.officer1, case)
    assert not may_act_as_officer(cast.officer2, case)
    assert not may_act_as_officer(cast.holder1_user, case)
    assert not may_act_as_officer(cast.admin, case)
