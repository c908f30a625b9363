"""A roll-up that rewrites many days refreshes the planner's statistics of the rolled tables on PostgreSQL (stale
ones made the administrator's rolled read a nested loop of seconds); a periodic roll-up of a few days does not."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from confirmations.rollup import PLANNER_REFRESH_DAYS, daily_figures_rebuild

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


def _analyzed(first: date, last: date) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        daily_figures_rebuild(first=first, last=last)
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]


def test_a_rebuild_of_many_days_refreshes_the_planner_statistics_of_the_rolled_tables_on_postgresql():
    assert PLANNER_REFRESH_DAYS == 31
    analyzed = _analyzed(date(2026, 1, 1), date(2026, 1, 31))
    if connection.vendor != "postgresql":
        assert analyzed == []  # ANALYZE is PostgreSQL's; other databases are sent nothing
        return
    (statement,) = analyzed
    for table in ("confirmations_dailyfigure", "confirmations_dailydecisions", "confirmations_monthlydecisions"):
        assert table in statement
    assert _analyzed(date(2026, 2, 1), date(2026, 3, 2)) == []  # 30 days: left to autovacuum
