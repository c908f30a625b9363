"""The daily roll-up of the statistics: per day, its totals, channels, offices, brands and decision times.

Each rolled-up day is written by a few ``INSERT ... SELECT`` statements (aggregates in SQL, no row passes
through Python); a ``DailyFigure`` row of the ``day`` dimension marks the day as rolled up. The periodic
task rolls up only the days not rolled up yet and the days whose items moved since its last run (a case
event written since then), so it costs what changed, not the history. Roll-ups run one at a time (each holds
the roll-up version's row), and each records the case events it saw (``confirmations.rollup_moved``).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor, TruncDate, TruncMonth
from django.db.models.lookups import LessThan
from django.utils import timezone

from confirmations.models import DailyFigure, Item
from confirmations.rollup_models import BrandTotal, DailyDecisions, MonthlyDecisions, RollupVersion
from confirmations.rollup_moved import EVENT_MARGIN, MovedMark, days_of, events_from, moved_mark, moved_recorded
from portal.workdays.calendar import local_date

SHANGHAI = ZoneInfo("Asia/Shanghai")
DETAINED = (Item.Status.DETAINED, Item.Status.CONFIRMED, Item.Status.NOT_CONFIRMED, Item.Status.COUNTER_GUARANTEE)
RELEASED = (Item.Status.RELEASED, Item.Status.NOT_CONFIRMED)
# The periodic task rolls up the days of the longest period statistics cover, at most this many new ones a run.
WINDOW_DAYS = 3 * 365
ROLLUP_DAYS = 100
D = DailyFigure.Dimension
# The office is read from the item (its case's, kept on it at filing), which spares the office's branch a join.
DIMENSIONS = {D.CHANNEL: "case__channel", D.OFFICE: "office__name", D.BRAND: "recordal__title"}
# Histogram buckets of decision times: (from seconds, width, first bucket number).
BUCKET_STEPS = ((0, 15, 0), (3600, 300, 240), (86400, 1800, 516))


class ElapsedSeconds(Func):
    """Seconds from one instant to another, as a float, on PostgreSQL and SQLite."""

    output_field = FloatField()

    def __init__(self, start: str, end: str):
        super().__init__(F(end) - F(start))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s) / 1000000.0", **extra)


def decision_seconds() -> ElapsedSeconds:
    """Return the seconds from an item's notice to its holder's decision."""
    return ElapsedSeconds("notified_at", "decided_at")


def decision_bucket(seconds):
    """Return the histogram bucket of a number of seconds: 15 s wide under an hour, 5 min under a day, 30 min on."""

    def step(start: int, width: int, first: int):
        return Cast(Floor((seconds - Value(float(start))) / Value(float(width))), IntegerField()) + Value(first)

    limits = [
        When(LessThan(seconds, Value(float(later[0]))), then=step(*earlier))
        for earlier, later in zip(BUCKET_STEPS, BUCKET_STEPS[1:], strict=False)
    ]
    return Case(*limits, default=step(*BUCKET_STEPS[-1]), output_field=IntegerField())


def bucket_bounds(bucket: int) -> tuple[float, float]:
    """Return the seconds a bucket spans, from (inclusive) and to (exclusive)."""
    for start, width, first in reversed(BUCKET_STEPS):
        if bucket >= first:
            low = start + (bucket - first) * width
            return float(low), float(low + width)
    return float(bucket * BUCKET_STEPS[0][1]), float((bucket + 1) * BUCKET_STEPS[0][1])


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Return the instants from the start of ``first`` to the end of ``last`` in Asia/Shanghai."""
    return (
        datetime.combine(first, time.min, tzinfo=SHANGHAI),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=SHANGHAI),
    )


def day_runs(days) -> list[tuple[date, date]]:
    """Return a set of days as runs of consecutive days: (first, last) pairs in order."""
    runs, ordered = [], sorted(days)
    for day in ordered:
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def spans_filter(spans) -> Q | None:
    """Return a filter on the notice instant for [from, to) spans of instants, or None if there is none."""
    condition = None
    for low, high in spans:
        span = Q(notified_at__gte=low, notified_at__lt=high)
        condition = span if condition is None else condition | span
    return condition


def days_filter(days, field: str = "notified_at") -> Q | None:
    """Return a filter on an instant (or, for a date ``field`` such as ``day``, the date) for a set of days, merged
    into runs, or None if there is none."""
    if field == "notified_at":
        return spans_filter(day_bounds(first, last) for first, last in day_runs(days))
    condition = None
    for first, last in day_runs(days):
        run = Q(**{f"{field}__gte": first, f"{field}__lte": last})
        condition = run if condition is None else condition | run
    return condition


def figure_measures() -> dict:
    """Return the aggregates of a ``DailyFigure`` row over items."""
    money = DecimalField(max_digits=18, decimal_places=2)
    return {
        "items": Count("pk"),
        "cases": Count("case", distinct=True),
        "pending": Count("pk", filter=Q(status=Item.Status.PENDING)),
        "answerable": Count("pk", filter=~Q(status=Item.Status.PENDING)),
        "in_time": Count("pk", filter=Q(decided_at__isnull=False, decided_at__lt=F("deadline"))),
        "value_detained_cny": Coalesce(Sum("value_cny", filter=Q(status__in=DETAINED)), Value(0), output_field=money),
        "value_released_cny": Coalesce(Sum("value_cny", filter=Q(status__in=RELEASED)), Value(0), output_field=money),
    }


def _insert_from(model, queryset, rename: dict | None = None) -> int:
    """Insert the rows a ``values()`` queryset selects in one statement; each column is aliased with a field's name
    (or a name ``rename`` maps to one)."""
    sql, params = queryset.query.sql_with_params()
    names = [*queryset.query.values_select, *queryset.query.annotation_select]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field((rename or {}).get(name, name)) for name in names]
    columns = ", ".join(quote(field.column) for field in fields)
    select = ", ".join(f"rolled.{quote(name)}" for name in names)
    # Only quoted names and Django's own compiled SQL are joined in; every value is a parameter.
    statement = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT {select} FROM ({sql}) rolled"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _brand_totals_move(days: set[date], *, subtract: bool) -> None:
    """Take the brand rows of the days out of each brand's total (before they are replaced) or add them in (after).

    Only table names and placeholders are joined into the statements; the days are parameters.
    """
    table, figures = BrandTotal._meta.db_table, DailyFigure._meta.db_table
    marks = ", ".join(["%s"] * len(days))
    sums = f"SELECT key, SUM(items) AS n FROM {figures} WHERE dimension = %s AND day IN ({marks}) GROUP BY key"  # noqa: S608
    params = [D.BRAND.value, *(day.isoformat() for day in sorted(days))]
    if subtract:
        statement = (
            f"UPDATE {table} SET items = {table}.items - old.n FROM ({sums}) AS old WHERE {table}.brand = old.key"  # noqa: S608
        )
    else:
        statement = (
            f"INSERT INTO {table} (brand, items) SELECT key, n FROM ({sums}) AS new WHERE true"  # noqa: S608
            f" ON CONFLICT (brand) DO UPDATE SET items = {table}.items + excluded.items"
        )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
    if subtract:
        BrandTotal.objects.filter(items=0).delete()


def _roll_up(days: set[date], now: datetime, mark: MovedMark) -> int:
    """Replace the rolled-up rows of the days by fresh ones, in the caller's transaction."""
    items = Item.objects.filter(days_filter(days)).annotate(day=TruncDate("notified_at", tzinfo=SHANGHAI)).order_by()
    written = 0
    _brand_totals_move(days, subtract=True)
    DailyFigure.objects.filter(day__in=days).delete()
    DailyDecisions.objects.filter(day__in=days).delete()
    for dimension, path in ((D.DAY, None), *DIMENSIONS.items()):
        keyed = items.annotate(key=Coalesce(F(path), Value(""))) if path else items.annotate(key=Value(""))
        rows = keyed.values("day", "key").annotate(dimension=Value(dimension), built_at=Value(now), **figure_measures())
        written += _insert_from(DailyFigure, rows)
    seconds = decision_seconds()
    decided = items.filter(decided_at__isnull=False).annotate(bucket=decision_bucket(seconds))
    written += _insert_from(
        DailyDecisions,
        decided.values("day", "bucket").annotate(items=Count("pk"), shortest=Min(seconds), longest=Max(seconds)),
    )
    months = {day.replace(day=1) for day in days}
    MonthlyDecisions.objects.filter(month__in=months).delete()
    written += _insert_from(
        MonthlyDecisions,
        DailyDecisions.objects.filter(day__gte=min(months), day__lt=_next_month(max(months)))
        .annotate(month=TruncMonth("day"))
        .filter(month__in=months)
        .order_by()
        .values("month", "bucket")
        .annotate(total=Sum("items"), low=Min("shortest"), high=Max("longest")),
        rename={"total": "items", "low": "shortest", "high": "longest"},
    )
    empty = days - set(DailyFigure.objects.filter(dimension=D.DAY, day__in=days).values_list("day", flat=True))
    DailyFigure.objects.bulk_create(DailyFigure(day=day, dimension=D.DAY, key="", built_at=now) for day in empty)
    written += len(empty)
    _brand_totals_move(days, subtract=False)
    RollupVersion.objects.filter(pk=1).update(number=F("number") + 1, **moved_recorded(mark, rolled=days))
    return written


def _rollup_lock() -> None:
    """Wait for any other roll-up to commit, holding the roll-up version's row until this one does."""
    RollupVersion.objects.get_or_create(pk=1)
    RollupVersion.objects.select_for_update().filter(pk=1).values_list("pk", flat=True).get()


def rollup_version() -> int:
    """Return the number of the rolled-up rows' state (0 before the first roll-up)."""
    return RollupVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def days_to_roll_up(*, last: date) -> set[date]:
    """Return the days up to ``last`` to roll up: the newest 100 of the last three years not rolled up yet, and any
    day whose items moved since the last roll-up (a case event written since)."""
    first = last - timedelta(days=WINDOW_DAYS - 1)
    every = {first + timedelta(days=n) for n in range(WINDOW_DAYS)}
    rolled = DailyFigure.objects.filter(dimension=D.DAY, day__gte=first, day__lte=last)
    days = set(sorted(every - set(rolled.values_list("day", flat=True)), reverse=True)[:ROLLUP_DAYS])
    last_run = DailyFigure.objects.filter(dimension=D.DAY).aggregate(at=Max("built_at"))["at"]
    if last_run is not None:
        days |= set(days_of(events_from(last_run - EVENT_MARGIN)).filter(notified_at__lt=day_bounds(last, last)[1]))
    return days


def daily_figures_rebuild(*, first: date | None = None, last: date | None = None, now=None) -> int:
    """Roll up the days from ``first`` to ``last`` (default: yesterday), every one; return the rows written.

    Without ``first`` (the periodic task) only the days ``days_to_roll_up`` gives. Today is never rolled up by
    default: statistics read it from the items.
    """
    now = now or timezone.now()
    last = last or local_date(now) - timedelta(days=1)
    with transaction.atomic():
        _rollup_lock()
        mark = moved_mark(now=now)
        if first is not None:
            days = {first + timedelta(days=n) for n in range((last - first).days + 1)}
        else:
            days = days_to_roll_up(last=last)
        days |= {day for day in mark.days if day <= last}
        written = _roll_up(days, now, mark) if days else 0
        if not days:
            # Nothing moved: the events seen are recorded all the same, so that requests count only those since.
            RollupVersion.objects.filter(pk=1).update(**moved_recorded(mark, rolled=days))
    if len(days) >= PLANNER_REFRESH_DAYS:
        _planner_statistics_refresh()
    return written


# A roll-up of this many days or more rewrites enough rows that the planner's statistics of the rolled tables are
# refreshed at once (a first build or a rebuild), not left to autovacuum: with stale statistics PostgreSQL may
# read the administrator's rolled figures by a nested loop taking seconds instead of milliseconds.
PLANNER_REFRESH_DAYS = 31
ROLLED_TABLES = (DailyFigure, DailyDecisions, MonthlyDecisions, BrandTotal)


def _planner_statistics_refresh() -> None:
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in ROLLED_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
