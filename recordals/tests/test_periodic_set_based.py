"""The recordal sweeps are set-based: the same queries for one recordal as for many, each recordal once."""

import pytest

from portal.notices.models import Notice
from portal.tests.factories import HolderFactory, member_of
from recordals.models import Recordal, RecordalEvent, RecordalReminder
from recordals.services import recordals_expire_due, recordals_remind_expiry
from recordals.tests.factories import approved_recordal

pytestmark = pytest.mark.django_db


def _recordals(cast, count: int) -> list[Recordal]:
    """Approved recordals (valid until 2036-06-15), the first of the cast's first holder, the others each of its
    own holder with one member."""
    recordals = [approved_recordal(holder=cast.holder1, right_valid_until=None)]
    for n in range(count - 1):
        holder = HolderFactory(name=f"Holder {n}")
        member_of(holder, username=f"t-member-{n}")
        recordals.append(approved_recordal(holder=holder, right_valid_until=None, title=f"MARK {n}"))
    return recordals


# One batch (the due rows locked, the update, the events, within its savepoint), then the query that finds none.
EXPIRE_QUERIES = 3 + 2 + 3


@pytest.mark.parametrize("count", [1, 6])
def test_recordals_expire_with_the_same_queries_whatever_their_number(cast, at, count, django_assert_num_queries):
    at(2026, 6, 15)
    recordals = _recordals(cast, count)
    at(2036, 6, 16)
    with django_assert_num_queries(EXPIRE_QUERIES):
        assert recordals_expire_due() == count
    assert set(Recordal.objects.values_list("status", flat=True)) == {"expired"}
    assert RecordalEvent.objects.filter(action="expired").count() == count
    assert recordals_expire_due() == 0
    assert {recordal.pk for recordal in recordals} == set(
        RecordalEvent.objects.filter(action="expired").values_list("recordal_id", flat=True)
    )


# One batch (the candidates locked, the reminders sent before, the new reminders, the agents, the people, the
# webhook endpoints, the notices, the deliveries, within its savepoint), then the query that finds none.
REMIND_QUERIES = 8 + 2 + 3


@pytest.mark.parametrize("count", [1, 6])
def test_expiry_reminders_go_out_with_the_same_queries_whatever_their_number(
    cast, at, count, django_assert_num_queries
):
    at(2026, 6, 15)
    _recordals(cast, count)
    Notice.objects.all().delete()
    at(2035, 12, 20)
    with django_assert_num_queries(REMIND_QUERIES):
        assert recordals_remind_expiry() == count
    assert RecordalReminder.objects.filter(kind="6m").count() == count
    told = set(Notice.objects.filter(kind="recordal_expiry_reminder").values_list("recipient__username", flat=True))
    assert {"t-holder1", "t-holder1b", "t-agent1"} <= told
    assert {f"t-member-{n}" for n in range(count - 1)} <= told
    assert recordals_remind_expiry() == 0
