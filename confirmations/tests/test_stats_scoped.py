"""An officer's and a holder's statistics: only their items of the period, read from the index of their scope."""

from copy import copy
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from confirmations.access import items_visible_to
from confirmations.models import Item
from confirmations.stats import Period, daily_figures_rebuild, stats_for
from confirmations.tests.factories import file_case, item_input
from confirmations.tests.test_stats_rollup import borders, raw_stats  # noqa: F401 (the fixture)
from recordals.tests.factories import recordal_in_force

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
BORDERS = Period(date(2026, 3, 2), date(2026, 3, 5))


def test_officer_counts_only_its_office_items_notified_in_the_period(cast, borders):  # noqa: F811
    daily_figures_rebuild(first=date(2026, 2, 20), last=date(2026, 3, 9))
    mine = stats_for(cast.officer1, period=BORDERS)
    # 2 March 00:00:00 and 5 March 23:59:59 are in; 1 March 23:59:59 and 6 March 00:00:00 are not.
    assert (mine["items"], mine["cases"]) == (2, 2)
    assert mine["by_office"] == [{"office": "Port Office One", "items": 2, "cases": 2}]
    assert [row["month"] for row in mine["by_month"]] == ["2026-03"]
    other = stats_for(cast.officer2, period=BORDERS)
    assert (other["items"], other["by_office"][0]["office"]) == (1, "Port Office Two")
    for officer in (cast.officer1, cast.officer2):
        assert stats_for(officer, period=BORDERS) == raw_stats(officer, period=BORDERS)
        assert stats_for(officer) == raw_stats(officer)


def test_holder_counts_only_its_own_items_notified_in_the_period(cast, borders):  # noqa: F811
    daily_figures_rebuild(first=date(2026, 2, 20), last=date(2026, 3, 9))
    assert stats_for(cast.holder1_user, period=BORDERS)["items"] == 1
    theirs = stats_for(cast.holder2_user, period=BORDERS)
    assert (theirs["items"], theirs["decision_seconds"]["count"]) == (2, 2)
    assert stats_for(cast.holder2_user, period=Period(date(2026, 3, 6), date(2026, 3, 10)))["items"] == 1
    for user in (cast.holder1_user, cast.holder2_user):
        assert stats_for(user, period=BORDERS) == raw_stats(user, period=BORDERS)
        assert stats_for(user) == raw_stats(user)


def test_an_office_filter_counts_the_items_of_that_office(cast, borders):  # noqa: F811
    one = stats_for(cast.admin, period=BORDERS, office=cast.office1)
    assert (one["items"], [row["office"] for row in one["by_office"]]) == (2, ["Port Office One"])
    assert stats_for(cast.officer1, period=BORDERS, office=cast.office2)["items"] == 0


def _history(items, copies: int = 300) -> None:
    """Give the items' owner a history: copies of its items notified a year before the borders' period, so that
    reading its items of the period by their notice time is what costs least, as on a real holder or office."""
    rows = []
    for item in items:
        for n in range(copies):
            item.pk = None
            item.notified_at = item.notified_at - timedelta(days=365, minutes=n)
            rows.append(copy(item))
    Item.objects.bulk_create(rows)


def _plans(user) -> list[str]:
    """Return the plans of the statements reading items in the user's statistics of the borders' period."""
    _history(list(items_visible_to(user)))
    with CaptureQueriesContext(connection) as captured:
        stats_for(user, period=BORDERS)
    plans = []
    with connection.cursor() as cursor:
        # The test tables are small: without this every table is read whole, whatever its indexes.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in captured.captured_queries:
            if '"confirmations_item"' in query["sql"]:
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


@pytest.mark.postgres
def test_officer_statistics_read_the_office_items_of_the_period_from_its_index(cast, borders):  # noqa: F811
    plans = _plans(cast.officer1)
    assert len(plans) == 3
    for plan in plans:
        assert "item_office_notified_idx" in plan and "Seq Scan on confirmations_item" not in plan, plan
        assert "notified_at >=" in plan.split("item_office_notified_idx", 1)[1].split("\n")[1], plan


@pytest.mark.postgres
def test_holder_statistics_read_the_holder_items_of_the_period_from_its_index(cast, borders):  # noqa: F811
    for plan in _plans(cast.holder2_user):
        assert "item_holder_notified_idx" in plan and "Seq Scan on confirmations_item" not in plan, plan


def test_the_first_brands_read_alone_are_the_first_of_every_brand_ties_by_code_point(cast):
    # Four brands of two items each (their order decided by the key, "B" < "b" < "É" by code point whatever the
    # database's collation) behind one of three: each cut of the list equals the start of the whole ranking.
    titles = {"beta": 2, "Beta": 2, "Émile": 2, "alpha": 2, "ZULU": 3, "omega": 1}
    recordals = {title: recordal_in_force(cast.holder1, title=title) for title in titles}
    goods = [item_input(recordals[title], description=f"{title} {k}") for title, n in titles.items() for k in range(n)]
    file_case(cast.officer1, goods)
    for user in (cast.officer1, cast.holder1_user):
        every = stats_for(user, top=100)["by_brand"]
        assert [row["brand"] for row in every] == ["ZULU", "Beta", "alpha", "beta", "Émile", "omega"]
        for top in (1, 2, 3, 5):
            assert stats_for(user, top=top)["by_brand"] == every[:top]


def test_an_office_year_of_many_brands_reads_only_the_first_few(cast):
    recordals = [recordal_in_force(cast.holder1, title=f"BRAND {n:02}") for n in range(12)]
    file_case(cast.officer1, [item_input(recordal) for recordal in recordals])
    with CaptureQueriesContext(connection) as captured:
        figures = stats_for(cast.officer1, top=3)
    assert [row["brand"] for row in figures["by_brand"]] == ["BRAND 00", "BRAND 01", "BRAND 02"]
    if connection.features.supports_slicing_ordering_in_compound:
        assert "LIMIT 3" in captured.captured_queries[0]["sql"]
