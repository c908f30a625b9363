"""An administrator's statistics read from the rolled-up days are the figures counted from the items."""

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from confirmations import services, stats_rolled, tasks
from confirmations.models import BrandTotal, DailyDecisions, DailyFigure, RollupVersion
from confirmations.stats import Period, daily_figures_rebuild, stats_for
from confirmations.tests.factories import file_case, item_input
from recordals.tests.factories import recordal_in_force

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
SHANGHAI = ZoneInfo("Asia/Shanghai")
WAYBILLS = count(1)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def _file_at(instant: str, officer, recordal, *, channel: str = "express", n: int = 1):
    with time_machine.travel(_at(instant), tick=False):
        items = [item_input(recordal, description=f"Lot {k}") for k in range(n)]
        case = file_case(officer, items, channel=channel, waybill_number=f"EX{next(WAYBILLS):06d}")
    return list(case.items.order_by("pk"))


def _decide(user, item, after: timedelta) -> None:
    with time_machine.travel(item.notified_at + after, tick=False):
        services.item_decide(user=user, item_id=item.pk, decision="not_infringing")


def raw_stats(user, **kwargs) -> dict:
    """Return the statistics counted from the items alone, as if nothing were rolled up (nor cached under a roll-up
    version)."""
    with transaction.atomic():
        saved = transaction.savepoint()
        for model in (DailyFigure, DailyDecisions, BrandTotal, RollupVersion):
            model.objects.all().delete()
        figures = stats_for(user, **kwargs)
        transaction.savepoint_rollback(saved)
    return figures


@pytest.fixture
def borders(cast, recordals):
    """Notices on both sides of the borders of 2 to 5 March, decided after different times, and one today."""
    _decide(
        cast.holder1_user, _file_at("2026-03-01T23:59:59", cast.officer1, recordals.lumiere)[0], timedelta(minutes=10)
    )
    _decide(
        cast.holder1_user, _file_at("2026-03-02T00:00:00", cast.officer1, recordals.lumiere)[0], timedelta(minutes=20)
    )
    inside = _file_at("2026-03-03T12:00:00", cast.officer2, recordals.nordik, channel="mail")[0]
    _decide(cast.holder2_user, inside, timedelta(hours=2))
    _decide(cast.holder2_user, _file_at("2026-03-05T23:59:59", cast.officer1, recordals.nordik)[0], timedelta(hours=5))
    _file_at("2026-03-06T00:00:00", cast.officer1, recordals.lumiere)
    _file_at("2026-03-10T09:00:00", cast.officer2, recordals.nordik)


def test_rolled_up_figures_equal_the_items_at_the_borders_of_the_period(cast, borders):
    period = Period(date(2026, 3, 2), date(2026, 3, 5))
    raw, raw_year = raw_stats(cast.admin, period=period), raw_stats(cast.admin)
    assert (raw["items"], raw["decision_seconds"]["median"], raw["decision_seconds"]["p90"]) == (3, 7200.0, 15840.0)
    assert daily_figures_rebuild(first=date(2026, 2, 20), last=date(2026, 3, 9)) > 0
    assert stats_for(cast.admin, period=period) == raw
    assert stats_for(cast.admin) == raw_year
    assert stats_for(cast.admin, period=Period(date(2026, 3, 6), date(2026, 3, 6)))["items"] == 1
    assert stats_for(cast.admin, period=Period(date(2026, 3, 1), date(2026, 3, 1)))["items"] == 1


def test_percentiles_of_rolled_up_days_are_within_the_bucket_width(cast, recordals):
    items = _file_at("2026-03-02T10:00:00", cast.officer1, recordals.lumiere, n=5)
    for seconds, item in zip((3610, 3650, 3700, 3800, 3890), items, strict=True):
        _decide(cast.holder1_user, item, timedelta(seconds=seconds))
    raw = raw_stats(cast.admin)["decision_seconds"]
    daily_figures_rebuild(first=date(2026, 3, 1), last=date(2026, 3, 9))
    rolled = stats_for(cast.admin)["decision_seconds"]
    assert raw["median"] == 3700.0 and abs(rolled["median"] - raw["median"]) < 300
    assert abs(rolled["p90"] - raw["p90"]) < 300
    assert (rolled["count"], rolled["buckets"]) == (raw["count"], raw["buckets"])


def test_whole_months_of_decision_times_are_read_from_their_month_rows(cast, recordals):
    for day, minutes in (("2026-02-01T00:00:00", 5), ("2026-02-14T10:00:00", 90), ("2026-02-28T23:59:59", 600)):
        _decide(cast.holder1_user, _file_at(day, cast.officer1, recordals.lumiere)[0], timedelta(minutes=minutes))
    _decide(cast.holder2_user, _file_at("2026-03-02T10:00:00", cast.officer1, recordals.nordik)[0], timedelta(hours=30))
    period = Period(date(2026, 1, 20), date(2026, 3, 10))
    raw = raw_stats(cast.admin, period=period)
    daily_figures_rebuild(first=date(2026, 1, 1), last=date(2026, 3, 9))
    with CaptureQueriesContext(connection) as captured:
        assert stats_for(cast.admin, period=period) == raw
    assert sum("monthlydecisions" in query["sql"] for query in captured.captured_queries) == 1


@pytest.mark.frozen_at("2026-03-05T11:00:00+08:00")
def test_the_task_rolls_up_only_the_days_not_rolled_up_or_moved_since(cast, recordals):
    _file_at("2026-03-02T10:00:00", cast.officer1, recordals.lumiere)
    moving = _file_at("2026-03-04T10:00:00", cast.officer1, recordals.nordik)[0]
    with time_machine.travel(_at("2026-03-05T11:00:00"), tick=False):
        assert tasks.rebuild_daily_figures() > 100
    assert DailyFigure.objects.filter(dimension="day").count() == 100
    with time_machine.travel(_at("2026-03-05T11:05:00"), tick=False):
        runs = [tasks.rebuild_daily_figures() for _ in range(11)]
    # Three years of days, 100 a run, newest first.
    assert runs[-2:] == [95, 0] and DailyFigure.objects.filter(dimension="day").count() == 3 * 365
    with time_machine.travel(_at("2026-03-05T11:15:00"), tick=False):
        assert tasks.rebuild_daily_figures() == 0
    with time_machine.travel(_at("2026-03-05T12:00:00"), tick=False):
        services.item_decide(user=cast.holder2_user, item_id=moving.pk, decision="not_infringing")
    with time_machine.travel(_at("2026-03-05T12:15:00"), tick=False):
        # The day's total, channel, office, brand and decision bucket, and the month's bucket.
        assert tasks.rebuild_daily_figures() == 6
    with time_machine.travel(_at("2026-03-05T12:30:00"), tick=False):
        assert tasks.rebuild_daily_figures() == 0
    built = dict(DailyFigure.objects.filter(dimension="day").values_list("day", "built_at"))
    assert built[date(2026, 3, 4)] == _at("2026-03-05T12:15:00")
    assert built[date(2026, 3, 2)] == _at("2026-03-05T11:00:00") and min(built) == date(2023, 3, 6)
    assert stats_for(cast.admin) == raw_stats(cast.admin)


def test_a_brand_past_the_largest_totals_is_still_found(cast, recordals, monkeypatch):
    monkeypatch.setattr(stats_rolled, "BRAND_CANDIDATES", 1)
    old = recordal_in_force(cast.holder1, title="OLD MARK")
    _file_at("2026-01-05T10:00:00", cast.officer1, old, n=3)
    _file_at("2026-03-03T10:00:00", cast.officer1, recordals.nordik, n=2)
    _file_at("2026-03-04T10:00:00", cast.officer1, recordals.lumiere)
    daily_figures_rebuild(first=date(2026, 1, 1), last=date(2026, 3, 9))
    period = Period(date(2026, 3, 1), date(2026, 3, 10))
    assert stats_for(cast.admin, period=period, top=1)["by_brand"] == [{"brand": "NORDIK", "items": 2, "cases": 1}]
    assert stats_for(cast.admin, top=1) == raw_stats(cast.admin, top=1)


def test_the_api_and_page_read_a_rolled_up_year_in_a_fixed_number_of_queries(
    api_client, client, cast, borders, django_assert_num_queries
):
    daily_figures_rebuild(first=date(2025, 3, 11), last=date(2026, 3, 9))
    api_client.force_authenticate(cast.admin)
    with django_assert_num_queries(6):
        body = api_client.get("/api/stats/").json()
    assert body["items"] == 6 and body["by_brand"][0]["brand"] in {"LUMIÈRE", "NORDIK"}
    client.force_login(cast.admin)
    with django_assert_num_queries(5):
        assert client.get(reverse("confirmations:stats")).status_code == 200
