"""Filing writes its items, events, notices and deliveries in bulk: the query count does not grow with items."""

import pytest
from django.db import connection

from confirmations.tests.factories import file_case, item_input
from portal.notices.models import Delivery

pytestmark = pytest.mark.django_db


def _expected() -> int:
    # The savepoint and its release; office, recordals; the case, its parties, the watchlist, its aliases and the
    # known infringers (PostgreSQL sets the trigram settings before and restores them after), the working days, the
    # items, the events and the chain's new head (a new case has none to read or lock), delegations, people,
    # webhook endpoints, notices, deliveries (the hand-out runs on commit).
    return 18 + 2 * (connection.vendor == "postgresql")


@pytest.mark.parametrize("count", [1, 2, 6])
def test_filing_runs_the_same_queries_for_one_item_or_many(
    cast, recordals, count, django_assert_num_queries, django_capture_on_commit_callbacks
):
    entries = [
        item_input(recordals.lumiere if n % 2 else recordals.nordik, description=f"Lot {n}") for n in range(count)
    ]
    with django_assert_num_queries(_expected()), django_capture_on_commit_callbacks(execute=False) as callbacks:
        file_case(cast.officer1, entries)
    assert len(callbacks) == 1
    assert Delivery.objects.filter(channel="email").count() >= count
