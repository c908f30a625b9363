"""Which rolled-up days an administrator's statistics count from the items: only the days moved since the last
roll-up, told from the case events it saw; a sweep's days are rolled up as soon as it commits."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction

from confirmations import services, tasks
from confirmations.models import DailyFigure, Item, RollupVersion
from confirmations.rollup import day_bounds
from confirmations.rollup_moved import days_moved, rollup_state
from confirmations.stats import daily_figures_rebuild, stats_for
from confirmations.tests.test_stats_rollup import _file_at, raw_stats

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = day_bounds(date(2025, 3, 11), date(2026, 3, 10))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def _moved() -> set[date]:
    return days_moved(rollup_state(), YEAR)


@pytest.fixture
def scene(cast, recordals):
    """Three items due on 2 March, one pending on 9 March and one of today, the days before today rolled up."""
    due = _file_at("2026-03-02T10:00:00", cast.officer1, recordals.lumiere, n=3)
    pending = _file_at("2026-03-09T10:00:00", cast.officer2, recordals.nordik)[0]
    today = _file_at("2026-03-10T09:00:00", cast.officer1, recordals.nordik)[0]
    assert all(item.deadline < _at("2026-03-10T10:00:00") for item in due) and pending.deadline > today.notified_at
    daily_figures_rebuild(first=date(2026, 3, 1), last=date(2026, 3, 9))
    return {"due": due, "pending": pending, "today": today}


@pytest.fixture
def roll_up_queued(monkeypatch):
    """Run the roll-up a commit queues at once, as a worker would; return the calls."""
    calls = []

    def delay():
        calls.append(tasks.rebuild_daily_figures.name)
        return tasks.rebuild_daily_figures.apply()

    monkeypatch.setattr(tasks.rebuild_daily_figures, "delay", delay)
    return calls


def _decide(cast, item, at: str) -> None:
    holder = cast.holder1_user if item.holder_id == cast.holder1.pk else cast.holder2_user
    with time_machine.travel(_at(at), tick=False):
        services.item_decide(user=holder, item_id=item.pk, decision="not_infringing")


def test_statistics_right_after_a_sweep_read_its_day_from_the_rows_rolled_up_on_its_commit(
    cast, scene, roll_up_queued, django_capture_on_commit_callbacks
):
    with time_machine.travel(_at("2026-03-10T10:01:00"), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.items_lapse_due() == 3
        assert roll_up_queued == ["confirmations.rebuild_daily_figures"]
        assert _moved() == set()
        answer = stats_for(cast.admin)
    assert answer == raw_stats(cast.admin) and answer["value_released_cny"] == "3000.00"
    built = DailyFigure.objects.get(dimension="day", day=date(2026, 3, 2)).built_at
    assert built == _at("2026-03-10T10:01:00")


def test_a_sweep_that_released_nothing_queues_no_roll_up(scene, roll_up_queued, django_capture_on_commit_callbacks):
    with time_machine.travel(_at("2026-03-10T10:01:00"), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.items_lapse_due() == 3
        with django_capture_on_commit_callbacks(execute=True):
            assert services.items_lapse_due() == 0
    assert roll_up_queued == ["confirmations.rebuild_daily_figures"]


def test_a_decision_just_after_a_roll_up_moves_its_day_alone_at_once(
    cast, scene, roll_up_queued, django_capture_on_commit_callbacks
):
    with time_machine.travel(_at("2026-03-10T10:01:00"), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.items_lapse_due()
    _decide(cast, scene["pending"], "2026-03-10T10:01:01")
    with time_machine.travel(_at("2026-03-10T10:01:02"), tick=False):
        assert _moved() == {date(2026, 3, 9)}
        answer = stats_for(cast.admin)
    assert answer["decision_seconds"]["count"] == 1 and answer == raw_stats(cast.admin)


def test_a_decision_just_before_a_roll_up_is_read_from_its_rows(cast, scene):
    _decide(cast, scene["pending"], "2026-03-10T10:00:59")
    with time_machine.travel(_at("2026-03-10T10:01:00"), tick=False):
        assert tasks.rebuild_daily_figures() > 0
        assert _moved() == set()
        answer = stats_for(cast.admin)
    assert answer["decision_seconds"]["count"] == 1 and answer == raw_stats(cast.admin)


def test_a_moved_day_a_roll_up_left_out_is_counted_with_every_day_moved_since(cast, scene):
    daily_figures_rebuild(first=date(2026, 3, 10), last=date(2026, 3, 10))
    _decide(cast, scene["today"], "2026-03-10T10:01:00")
    _decide(cast, scene["pending"], "2026-03-10T10:01:30")
    with time_machine.travel(_at("2026-03-10T10:02:00"), tick=False):
        # The periodic roll-up ends yesterday: today's rolled-up rows are left behind the decision.
        assert tasks.rebuild_daily_figures() > 0
        assert RollupVersion.objects.get().moved_events is None
        assert _moved() == {date(2026, 3, 9), date(2026, 3, 10)}
        answer = stats_for(cast.admin)
    assert answer["decision_seconds"]["count"] == 2 and answer == raw_stats(cast.admin)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_older_decision_committed_after_a_roll_up_shows_at_once(cast, recordals):
    slow = _file_at("2026-03-03T10:00:00", cast.officer1, recordals.lumiere)[0]
    quick = _file_at("2026-03-04T10:00:00", cast.officer2, recordals.nordik)[0]
    daily_figures_rebuild(first=date(2026, 3, 1), last=date(2026, 3, 4), now=_at("2026-03-05T10:00:00"))
    written, committed = threading.Event(), threading.Event()

    def slow_decision():
        try:
            with transaction.atomic():
                services.item_decide(user=cast.holder1_user, item_id=slow.pk, decision="not_infringing")
                written.set()
                committed.wait(timeout=20)
        finally:
            connection.close()

    with time_machine.travel(_at("2026-03-05T10:01:00"), tick=False):
        thread = threading.Thread(target=slow_decision)
        thread.start()
        assert written.wait(timeout=20)
        services.item_decide(user=cast.holder2_user, item_id=quick.pk, decision="not_infringing")
        # The roll-up sees the newer decision's event, not the older one still in flight.
        assert tasks.rebuild_daily_figures() > 0
        committed.set()
        thread.join(timeout=30)
        assert _moved() == {date(2026, 3, 3), date(2026, 3, 4)}
        answer = stats_for(cast.admin)
        assert answer == raw_stats(cast.admin)
    assert Item.objects.filter(decided_at__isnull=False).count() == 2 and answer["decision_seconds"]["count"] == 2


def _another_waits_on_a_lock() -> bool:
    """Return whether another connection waits on a lock, looking for up to 20 s."""
    for _ in range(400):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return True
        threading.Event().wait(0.05)
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_roll_ups_at_once_run_one_after_the_other(cast, recordals):
    _file_at("2026-03-04T10:00:00", cast.officer1, recordals.lumiere, n=2)
    holding, done, seen = threading.Event(), threading.Event(), {}
    version = RollupVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    def first():
        try:
            with transaction.atomic():
                daily_figures_rebuild(first=date(2026, 3, 1), last=date(2026, 3, 9))
                holding.set()
                seen["second waited"] = _another_waits_on_a_lock()
                seen["second done meanwhile"] = done.is_set()
        finally:
            connection.close()

    def second():
        try:
            holding.wait(timeout=20)
            daily_figures_rebuild(first=date(2026, 3, 1), last=date(2026, 3, 9))
            done.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert seen == {"second waited": True, "second done meanwhile": False} and done.is_set()
    assert RollupVersion.objects.get(pk=1).number == version + 2
    assert DailyFigure.objects.filter(dimension="day").count() == 9
    assert stats_for(cast.admin) == raw_stats(cast.admin)


def test_a_roll_up_with_nothing_to_roll_up_still_moves_the_events_counted_on(cast, scene):
    with time_machine.travel(_at("2026-03-10T10:01:00"), tick=False):
        services.items_lapse_due()
        assert tasks.rebuild_daily_figures() > 0
    daily_figures_rebuild(first=date(2023, 3, 11), last=date(2026, 3, 9), now=_at("2026-03-10T10:15:00"))
    with time_machine.travel(_at("2026-03-10T10:20:00"), tick=False):
        assert tasks.rebuild_daily_figures() == 0
        assert RollupVersion.objects.get().moved_since == _at("2026-03-10T10:10:00") and _moved() == set()
    _decide(cast, scene["pending"], "2026-03-10T10:21:00")
    with time_machine.travel(_at("2026-03-10T10:21:01"), tick=False):
        assert _moved() == {date(2026, 3, 9)}
        answer = stats_for(cast.admin)
    assert answer["decision_seconds"]["count"] == 1 and answer == raw_stats(cast.admin)
