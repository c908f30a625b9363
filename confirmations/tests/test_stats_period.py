"""Statistics over a chosen period: SQL aggregates, top-N lists, and days rolled up by the periodic task."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db.models import F

from confirmations import services, tasks
from confirmations.models import DailyFigure, RollupVersion
from confirmations.stats import Period, daily_figures_rebuild, stats_for
from confirmations.tests.factories import file_case, item_input
from recordals.tests.factories import recordal_in_force

pytestmark = pytest.mark.django_db


def _file_on(day: str, cast, recordals_list):
    with time_machine.travel(f"{day} 10:00 +08:00"):
        return file_case(cast.officer1, [item_input(r) for r in recordals_list], waybill_number=f"EX{day}")


def test_only_items_notified_in_the_period_are_counted(cast, recordals):
    _file_on("2026-02-02", cast, [recordals.lumiere])
    _file_on("2026-03-02", cast, [recordals.lumiere, recordals.nordik])
    march = stats_for(cast.admin, period=Period(date(2026, 3, 1), date(2026, 3, 31)))
    assert (march["items"], march["cases"]) == (2, 1)
    assert march["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert stats_for(cast.admin, period=Period(date(2026, 2, 1), date(2026, 3, 31)))["items"] == 3


def test_brand_and_office_lists_are_the_top_n(cast, recordals):
    extra = [recordal_in_force(cast.holder1, title=f"MARK {n}") for n in range(4)]
    _file_on("2026-03-02", cast, [recordals.lumiere, *extra])
    _file_on("2026-03-03", cast, [recordals.lumiere])
    data = stats_for(cast.admin, top=2)
    assert len(data["by_brand"]) == 2
    assert data["by_brand"][0] == {"brand": "LUMIÈRE", "items": 2, "cases": 2}
    assert len(data["by_office"]) == 1


def test_rolled_up_days_give_the_same_figures_as_the_items(cast, recordals):
    _file_on("2026-03-02", cast, [recordals.lumiere, recordals.nordik])
    case = _file_on("2026-03-03", cast, [recordals.lumiere])
    item = case.items.get()
    with time_machine.travel(item.notified_at + timedelta(minutes=20), tick=False):
        services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="not_infringing")
    _file_on("2026-03-10", cast, [recordals.nordik])
    live = stats_for(cast.admin)
    with time_machine.travel("2026-03-10 11:00 +08:00"):
        assert tasks.rebuild_daily_figures() > 0
    assert DailyFigure.objects.filter(dimension="day", day=date(2026, 3, 10)).count() == 0
    assert DailyFigure.objects.get(dimension="day", day=date(2026, 3, 2)).items == 2
    assert stats_for(cast.admin) == live
    DailyFigure.objects.filter(dimension="day", day=date(2026, 3, 2)).update(items=50)
    # Rows changed outside a roll-up are read once the roll-up version moves on.
    RollupVersion.objects.update(number=F("number") + 1)
    assert stats_for(cast.admin)["items"] == live["items"] + 48


def test_rebuild_replaces_the_days_rows(cast, recordals):
    _file_on("2026-03-02", cast, [recordals.lumiere])
    first = daily_figures_rebuild(first=date(2026, 3, 1), last=date(2026, 3, 5))
    assert daily_figures_rebuild(first=date(2026, 3, 1), last=date(2026, 3, 5)) == first
    assert DailyFigure.objects.filter(day__range=(date(2026, 3, 1), date(2026, 3, 5)), dimension="day").count() == 5


def test_stats_api_takes_a_period_and_top(api_client, cast, recordals):
    _file_on("2026-03-02", cast, [recordals.lumiere, recordals.nordik])
    api_client.force_authenticate(cast.admin)
    body = api_client.get("/api/stats/?from=2026-03-01&to=2026-03-05&top=1").json()
    assert body["items"] == 2 and len(body["by_brand"]) == 1
    assert api_client.get("/api/stats/?from=2026-03-05&to=2026-03-01").status_code == 400
    assert api_client.get("/api/stats/?from=yesterday").status_code == 400
