"""Which rolled-up days moved since their roll-up, told from the case events written since it.

A roll-up reads, in its transaction and before it reads any item, the newest case event (``moved_through``) and
how many were written from ``EVENT_MARGIN`` before it on (``moved_events``; a transaction in flight then may
commit after it), and it rolls up every day those events fell on. An event it did not see is then either newer
(its id is past ``moved_through``: only the days of those few events moved) or an older one committed late (the
count from ``moved_since`` up to ``moved_through`` grew: every day moved since is counted from its items, as when
the roll-up left out a rolled-up day its events fell on). Case events are never deleted. So the events a roll-up
took in (a sweep's, rolled up right after it) keep no day counted from its items, and one new decision moves
only its own day.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Func, Max, OuterRef, Subquery, Value
from django.db.models.functions import TruncDate

from confirmations.models import CaseEvent, DailyFigure, Item
from confirmations.rollup_models import RollupVersion
from portal.compiled_rows import dicts_compiled_once

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A case event written this long before a roll-up may have been committed after it.
EVENT_MARGIN = timedelta(minutes=10)
D = DailyFigure.Dimension
logger = logging.getLogger(__name__)


@dataclass
class MovedMark:
    """The case events a roll-up saw: the newest one's id, how many from ``since`` on, and their notice days."""

    since: datetime
    through: int
    events: int | None
    days: set[date] = field(default_factory=set)


def events_from(since):
    """Return the case events written from ``since`` on."""
    return CaseEvent.objects.filter(created_at__gte=since)


def days_of(events):
    """Return the notice days (a ``values_list`` of items) of the items of the cases of ``events``."""
    return (
        Item.objects.filter(case__in=events.values("case"))
        .annotate(day=TruncDate("notified_at", tzinfo=SHANGHAI))
        .order_by()
        .values_list("day", flat=True)
        .distinct()
    )


def days_moved_since_roll_up(bounds: tuple[datetime, datetime]) -> set[date]:
    """Return the days within ``bounds`` whose items had a case event from ``EVENT_MARGIN`` before the last roll-up
    on, in one query."""
    last_run = DailyFigure.objects.filter(dimension=D.DAY).order_by("-built_at").values("built_at")[:1]
    since = ExpressionWrapper(Subquery(last_run) - Value(EVENT_MARGIN), output_field=DateTimeField())
    return set(days_of(events_from(since)).filter(notified_at__gte=bounds[0], notified_at__lt=bounds[1]))


def moved_mark(*, now: datetime) -> MovedMark:
    """Read the newest case event, count those up to it from ``EVENT_MARGIN`` before ``now`` on, then read the notice
    days of the latter (and of any committed meanwhile), in that order: each read sees at least what the one before
    it saw."""
    since = now - EVENT_MARGIN
    through = CaseEvent.objects.aggregate(newest=Max("pk"))["newest"] or 0
    events = events_from(since).filter(pk__lte=through).count()
    return MovedMark(since=since, through=through, events=events, days=set(days_of(events_from(since))))


def moved_recorded(mark: MovedMark, *, rolled: set[date]) -> dict:
    """Return the fields of ``RollupVersion`` that record what a roll-up of the days ``rolled`` saw: the count only
    when every day its events fell on is rolled up with them or has no rolled-up rows (its items are counted)."""
    left_out = mark.days - rolled
    if left_out and DailyFigure.objects.filter(dimension=D.DAY, day__in=left_out).exists():
        mark.events = None
    return {"moved_since": mark.since, "moved_through": mark.through, "moved_events": mark.events}


def _state_row(_instants):
    seen = events_from(OuterRef("moved_since")).filter(pk__lte=OuterRef("moved_through"))
    return (
        RollupVersion.objects.filter(pk=1)
        .annotate(
            events_now=Subquery(seen.order_by().values(n=Func(F("pk"), function="COUNT"))),
            newest=Subquery(CaseEvent.objects.order_by("-pk").values("pk")[:1]),
        )
        .values("number", "moved_since", "moved_through", "moved_events", "events_now", "newest")
    )


def rollup_state():
    """Return the roll-up version's row (None before the first roll-up), with how many case events from its
    ``moved_since`` up to its ``moved_through`` there are now and the newest event's id (its SQL compiled once)."""
    rows = dicts_compiled_once(_state_row, ("roll-up state",), [], using=RollupVersion.objects.db)
    return rows[0] if rows else None


def days_moved(state: dict, bounds: tuple[datetime, datetime]) -> set[date]:
    """Return the days within ``bounds`` whose items moved since the roll-up ``state`` records."""
    if state["moved_since"] is None or state["moved_events"] is None or state["events_now"] != state["moved_events"]:
        return days_moved_since_roll_up(bounds)
    if (state["newest"] or 0) <= state["moved_through"]:
        return set()
    newer = CaseEvent.objects.filter(pk__gt=state["moved_through"])
    return set(days_of(newer).filter(notified_at__gte=bounds[0], notified_at__lt=bounds[1]))


def roll_up_on_commit() -> None:
    """Have the days a bulk change moved rolled up once it commits, so that their statistics are read from their rows
    again at once rather than counted from their items until the periodic roll-up."""
    transaction.on_commit(_roll_up_queue)


def _roll_up_queue() -> None:
    from confirmations.tasks import rebuild_daily_figures

    try:
        rebuild_daily_figures.delay()
    except Exception as exc:  # noqa: BLE001 - the periodic roll-up takes the days in; until then they are counted
        logger.warning("queue unreachable, the moved days are rolled up by the periodic task: %s", exc)
