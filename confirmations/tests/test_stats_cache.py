"""An administrator's rolled-up statistics are cached under the roll-up version and the days moved since: a roll-up,
a late decision or a new notice changes the next answer; other callers count their items in a fixed few queries."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from confirmations import services, tasks
from confirmations.rollup import rollup_version
from confirmations.stats import daily_figures_rebuild, stats_for
from confirmations.tests.test_stats_rollup import _decide, _file_at, raw_stats

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def rolled_year(cast, recordals):
    """Notices on rolled-up days of office1 and office2, one decided, and one of today; a year rolled up."""
    _decide(cast.holder1_user, _file_at("2026-03-02T10:00:00", cast.officer1, recordals.lumiere)[0], timedelta(hours=1))
    _file_at("2026-03-05T23:59:59", cast.officer2, recordals.nordik, channel="mail")
    _file_at("2026-03-10T09:00:00", cast.officer1, recordals.nordik)
    daily_figures_rebuild(first=date(2025, 3, 11), last=date(2026, 3, 9))


def test_the_api_answers_each_role_in_a_fixed_number_of_queries(
    api_client, cast, rolled_year, django_assert_num_queries
):
    api_client.force_authenticate(cast.admin)
    # The membership, the roll-up version with the events written since it (none: no day moved), the rolled-up rows
    # and histogram, the live items.
    with django_assert_num_queries(6):
        first = api_client.get("/api/stats/").json()
    # The same user again: its membership is known; the rolled-up part is cached.
    with django_assert_num_queries(3):
        assert api_client.get("/api/stats/").json() == first
    assert first["items"] == 3 and first == raw_stats(cast.admin)
    answers = []
    for user in (cast.officer1, cast.officer2, cast.holder1_user, cast.holder2_user):
        api_client.force_authenticate(user)
        with CaptureQueriesContext(connection) as captured:
            answers.append((api_client.get("/api/stats/").json()["items"], len(captured)))
    # The items' figures in one statement and their decision times (a count and, when some were decided, the ranks;
    # a holder's scope may read its delegations).
    assert answers == [(2, 3), (1, 2), (1, 3), (2, 3)]


def test_a_late_decision_changes_the_next_answer_and_the_roll_up_keeps_it(cast, recordals):
    late = _file_at("2026-03-09T10:00:00", cast.officer1, recordals.nordik)[0]
    daily_figures_rebuild(first=date(2026, 3, 1), last=date(2026, 3, 9))
    before = stats_for(cast.admin)
    assert before["decision_seconds"]["count"] == 0 and before == raw_stats(cast.admin)
    with time_machine.travel(_at("2026-03-10T10:30:00"), tick=False):
        services.item_decide(user=cast.holder2_user, item_id=late.pk, decision="not_infringing")
        decided = stats_for(cast.admin)
    assert decided["decision_seconds"]["count"] == 1 and decided == raw_stats(cast.admin)
    version = rollup_version()
    with time_machine.travel(_at("2026-03-10T11:00:00"), tick=False):
        assert tasks.rebuild_daily_figures() > 0
    # Past the margin the decision's day is read from its new rows again, under the next version.
    with time_machine.travel(_at("2026-03-10T11:30:00"), tick=False):
        assert rollup_version() == version + 1
        assert stats_for(cast.admin) == decided == raw_stats(cast.admin)


def test_a_roll_up_changes_the_next_answer(cast, recordals):
    items = _file_at("2026-03-04T10:00:00", cast.officer1, recordals.lumiere, n=2)
    daily_figures_rebuild(first=date(2026, 3, 1), last=date(2026, 3, 9))
    assert stats_for(cast.admin)["value_detained_cny"] == "0.00"
    # A change no case event records is the roll-up's to pick up: the cached answer stands until it runs.
    type(items[0]).objects.filter(pk=items[0].pk).update(status="detained")
    assert stats_for(cast.admin)["value_detained_cny"] == "0.00"
    daily_figures_rebuild(first=date(2026, 3, 4), last=date(2026, 3, 4))
    assert stats_for(cast.admin) == raw_stats(cast.admin)
    assert stats_for(cast.admin)["value_detained_cny"] != "0.00"


def test_a_new_notice_of_today_is_counted_under_a_cached_answer(cast, recordals, rolled_year):
    cached = stats_for(cast.admin)
    _file_at("2026-03-10T09:30:00", cast.officer2, recordals.lumiere)
    again = stats_for(cast.admin)
    assert again["items"] == cached["items"] + 1 and again == raw_stats(cast.admin)


def test_statistics_are_answered_when_the_cache_is_down(cast, recordals, rolled_year, monkeypatch, caplog):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache server unreachable")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    answer = stats_for(cast.admin)
    assert answer == raw_stats(cast.admin) and answer["items"] == 3
    assert "statistics cache unavailable" in caplog.text
