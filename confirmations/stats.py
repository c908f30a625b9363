"""Statistics of the confirmation flow over a chosen period, scoped to what the caller may see.

Every figure is an aggregate in SQL over a bounded period (at most ``MAX_DAYS``). The median and
90th percentile of the time from notice to decision read only the rows around each rank, numbered
in SQL (``ROW_NUMBER``) on every database: no list of items is loaded into Python. The brand and
office lists are the top N. For administrators (who see every item) the days already rolled up
into ``DailyFigure`` rows by the ``daily-figures`` task are read from those rows, and only the
other days (today, mostly) from the items themselves.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from confirmations.access import items_visible_to
from confirmations.models import Channel, DailyFigure, Item
from portal.access import is_administrator
from portal.workdays.calendar import local_date

SHANGHAI = ZoneInfo("Asia/Shanghai")
DETAINED = (Item.Status.DETAINED, Item.Status.CONFIRMED, Item.Status.NOT_CONFIRMED, Item.Status.COUNTER_GUARANTEE)
RELEASED = (Item.Status.RELEASED, Item.Status.NOT_CONFIRMED)
VALUES = ("value_detained_cny", "value_released_cny")
TOP = 10
TOP_MAX = 100
DEFAULT_DAYS = 365
MAX_DAYS = 3 * DEFAULT_DAYS
ROLLUP_DAYS = 100
D = DailyFigure.Dimension
DIMENSIONS = {D.CHANNEL: "case__channel", D.OFFICE: "case__office__name", D.BRAND: "recordal__title"}

# Upper limits (seconds) and labels of the notice-to-decision histogram.
DECISION_BUCKETS = [
    (15 * 60, "< 15 min"),
    (3600, "15–60 min"),
    (4 * 3600, "1–4 h"),
    (24 * 3600, "4–24 h"),
    (3 * 86400, "1–3 d"),
    (float("inf"), "> 3 d"),
]


@dataclass(frozen=True)
class Period:
    """Days from ``first`` to ``last`` inclusive, in Asia/Shanghai."""

    first: date
    last: date

    @classmethod
    def ending_today(cls, days: int = DEFAULT_DAYS) -> "Period":
        today = local_date(timezone.now())
        return cls(today - timedelta(days=days - 1), today)

    def bounds(self) -> tuple[datetime, datetime]:
        return (
            datetime.combine(self.first, time.min, tzinfo=SHANGHAI),
            datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=SHANGHAI),
        )


def period_of(*, since: date | None, until: date | None) -> Period:
    """Return the period a form chose: from ``since`` to ``until``; a missing end is today, a missing start a year
    before the end."""
    last = until or local_date(timezone.now())
    return Period(since or last - timedelta(days=DEFAULT_DAYS - 1), last)


def period_too_long(first: date, last: date) -> bool:
    """Return whether a period from first to last is longer than statistics are computed over."""
    return (last - first).days >= MAX_DAYS


class RankedSeconds:
    """Seconds of a sorted list of ``count`` values of which only some positions were read: ``{position: value}``."""

    def __init__(self, count: int, known: dict[int, float]):
        self.count = count
        self.known = known

    def __len__(self):
        return self.count

    def __getitem__(self, position: int) -> float:
        return self.known[position]


def percentile(sorted_values, fraction: float) -> float | None:
    """Return the value at a fraction (0..1) of a sorted list, interpolating between neighbours."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _totals(items) -> dict:
    return items.aggregate(
        items=Count("pk"),
        cases=Count("case", distinct=True),
        pending=Count("pk", filter=Q(status=Item.Status.PENDING)),
        answerable=Count("pk", filter=~Q(status=Item.Status.PENDING)),
        in_time=Count("pk", filter=Q(decided_at__isnull=False, decided_at__lt=F("deadline"))),
        value_detained_cny=Sum("value_cny", filter=Q(status__in=DETAINED)),
        value_released_cny=Sum("value_cny", filter=Q(status__in=RELEASED)),
    )


def _grouped(items, path: str) -> dict:
    rows = items.values(path).annotate(items=Count("pk"), cases=Count("case", distinct=True))
    return {row[path]: {"items": row["items"], "cases": row["cases"]} for row in rows}


def _by_day(items) -> dict:
    rows = (
        items.annotate(day=TruncDate("notified_at", tzinfo=SHANGHAI))
        .values("day")
        .annotate(items=Count("pk"), cases=Count("case", distinct=True))
    )
    return {row["day"]: {"items": row["items"], "cases": row["cases"]} for row in rows}


def _ranked_seconds(decided, count: int, fractions: tuple[float, ...]) -> RankedSeconds:
    """Read, in one query, the notice-to-decision seconds at the sorted positions the fractions fall between."""
    if not count:
        return RankedSeconds(0, {})
    positions = set()
    for fraction in fractions:
        low = int((count - 1) * fraction)
        positions |= {low, min(low + 1, count - 1)}
    elapsed = ExpressionWrapper(F("decided_at") - F("notified_at"), output_field=DurationField())
    rows = (
        decided.annotate(elapsed=elapsed, rank=Window(RowNumber(), order_by=[elapsed.asc(), F("pk").asc()]))
        .filter(rank__in=[position + 1 for position in positions])
        .values_list("rank", "elapsed")
    )
    return RankedSeconds(count, {rank - 1: value.total_seconds() for rank, value in rows})


def _decision_times(items) -> dict:
    """Return the count, median, 90th percentile and histogram of notice-to-decision seconds."""
    decided = items.filter(decided_at__isnull=False)
    limits = {
        f"b{index}": Count("pk", filter=Q(decided_at__lt=F("notified_at") + timedelta(seconds=limit)))
        for index, (limit, _label) in enumerate(DECISION_BUCKETS[:-1])
    }
    row = decided.aggregate(count=Count("pk"), **limits)
    ranked = _ranked_seconds(decided, row["count"], (0.5, 0.9))
    row["median"], row["p90"] = percentile(ranked, 0.5), percentile(ranked, 0.9)
    below = [row[f"b{index}"] for index in range(len(DECISION_BUCKETS) - 1)] + [row["count"]]
    counts = [below[0]] + [below[i] - below[i - 1] for i in range(1, len(below))]
    return {
        "count": row["count"],
        "median": row["median"],
        "p90": row["p90"],
        "buckets": [{"label": label, "items": n} for (_limit, label), n in zip(DECISION_BUCKETS, counts, strict=True)],
    }


def _live_days(period: Period, rolled: set[date]) -> Q | None:
    """Return a filter for the period's days not rolled up (merged into ranges), or None if every day is."""
    ranges, day = [], period.first
    while day <= period.last:
        if day not in rolled:
            start = day
            while day + timedelta(days=1) <= period.last and day + timedelta(days=1) not in rolled:
                day += timedelta(days=1)
            ranges.append(Period(start, day).bounds())
        day += timedelta(days=1)
    if not ranges:
        return None
    condition = Q()
    for low, high in ranges:
        condition |= Q(notified_at__gte=low, notified_at__lt=high)
    return condition


def _add(into: dict, rows: dict) -> None:
    for key, row in rows.items():
        for name, value in row.items():
            into[key][name] += value


def _items(user, period: Period, scope: Q | None):
    low, high = period.bounds()
    items = items_visible_to(user).filter(notified_at__gte=low, notified_at__lt=high)
    return items.filter(scope) if scope is not None else items


def _figures(user, period: Period, top: int, scope: Q | None = None) -> tuple[dict, dict]:
    """Return the totals and, per dimension, the counts by key; rolled-up days from DailyFigure rows (top N).

    The roll-up holds one dimension at a time, so figures narrowed to an office or a channel are counted live.
    """
    items = _items(user, period, scope)
    totals = defaultdict(int)
    groups = {name: defaultdict(lambda: defaultdict(int)) for name in (*DIMENSIONS, D.DAY)}
    live = items
    if is_administrator(user) and scope is None:
        rolled = DailyFigure.objects.filter(day__gte=period.first, day__lte=period.last)
        rolled_days = set()
        for figure in rolled.filter(dimension=D.DAY):
            rolled_days.add(figure.day)
            groups[D.DAY][figure.day]["items"] += figure.items
            groups[D.DAY][figure.day]["cases"] += figure.cases
            for name in ("items", "cases", "pending", "answerable", "in_time", *VALUES):
                totals[name] += getattr(figure, name)
        for name in DIMENSIONS:
            rows = (
                rolled.filter(dimension=name)
                .values("key")
                .annotate(items=Sum("items"), cases=Sum("cases"))
                .order_by("-items", "key")[: len(Channel.choices) if name == D.CHANNEL else top]
            )
            _add(groups[name], {row["key"]: {"items": row["items"], "cases": row["cases"]} for row in rows})
        condition = _live_days(period, rolled_days)
        live = items.filter(condition) if condition is not None else items.none()
    for name, value in _totals(live).items():
        totals[name] += value or 0
    for name, path in DIMENSIONS.items():
        _add(groups[name], _grouped(live, path))
    _add(groups[D.DAY], _by_day(live))
    return totals, groups


def _top(rows: dict, label: str, top: int) -> list[dict]:
    ordered = sorted(rows.items(), key=lambda pair: (-pair[1]["items"], str(pair[0])))[:top]
    return [{label: key, "items": row["items"], "cases": row["cases"]} for key, row in ordered]


def stats_for(user, *, period: Period | None = None, top: int = TOP, office=None, channel: str = "") -> dict:
    """Return the statistics of the items the user may see that were notified in the period, of one office
    and one channel when given."""
    period = period or Period.ending_today()
    scope = None
    if office or channel:
        scope = Q(case__office=office) if office else Q()
        if channel:
            scope &= Q(case__channel=channel)
    totals, groups = _figures(user, period, top, scope)
    channel_names = dict(Channel.choices)
    months = defaultdict(lambda: {"items": 0, "cases": 0})
    for day, row in groups[D.DAY].items():
        months[day.strftime("%Y-%m")]["items"] += row["items"]
        months[day.strftime("%Y-%m")]["cases"] += row["cases"]
    low, high = period.bounds()
    answerable = totals["answerable"]
    return {
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
        "cases": totals["cases"],
        "items": totals["items"],
        "pending": totals["pending"],
        "by_channel": [
            {**row, "label": str(channel_names.get(row["channel"], row["channel"]))}
            for row in _top(groups[D.CHANNEL], "channel", len(Channel.choices))
        ],
        "by_office": _top(groups[D.OFFICE], "office", top),
        "by_brand": _top(groups[D.BRAND], "brand", top),
        "by_month": [{"month": month, **months[month]} for month in sorted(months) if months[month]["items"]],
        "decision_seconds": _decision_times(_items(user, period, scope)),
        "answered_in_time_share": round(totals["in_time"] / answerable, 4) if answerable else None,
        "answered_in_time": totals["in_time"],
        "answerable": answerable,
        "value_detained_cny": str(Decimal(totals["value_detained_cny"] or 0).quantize(Decimal("0.01"))),
        "value_released_cny": str(Decimal(totals["value_released_cny"] or 0).quantize(Decimal("0.01"))),
    }


def daily_figures_rebuild(*, first: date | None = None, last: date | None = None, now=None) -> int:
    """Rebuild the DailyFigure rows of the days from ``first`` to ``last`` (default: the 100 days before today).

    Today is never rolled up by default: statistics read it from the items themselves.
    """
    now = now or timezone.now()
    last = last or local_date(now) - timedelta(days=1)
    first = first or last - timedelta(days=ROLLUP_DAYS - 1)
    low, high = Period(first, last).bounds()
    items = Item.objects.filter(notified_at__gte=low, notified_at__lt=high).annotate(
        day=TruncDate("notified_at", tzinfo=SHANGHAI)
    )
    measures = {
        "items": Count("pk"),
        "cases": Count("case", distinct=True),
        "pending": Count("pk", filter=Q(status=Item.Status.PENDING)),
        "answerable": Count("pk", filter=~Q(status=Item.Status.PENDING)),
        "in_time": Count("pk", filter=Q(decided_at__isnull=False, decided_at__lt=F("deadline"))),
        "value_detained_cny": Sum("value_cny", filter=Q(status__in=DETAINED)),
        "value_released_cny": Sum("value_cny", filter=Q(status__in=RELEASED)),
    }
    rows = []
    for dimension, path in ((D.DAY, None), *DIMENSIONS.items()):
        grouped = items.values("day", path) if path else items.values("day")
        for row in grouped.annotate(**measures).order_by():
            fields = {name: row[name] or 0 for name in measures}
            rows.append(
                DailyFigure(
                    day=row["day"], dimension=dimension, key=(row[path] or "") if path else "", built_at=now, **fields
                )
            )
    empty_days = {first + timedelta(days=n) for n in range((last - first).days + 1)} - {
        row.day for row in rows if row.dimension == D.DAY
    }
    rows.extend(DailyFigure(day=day, dimension=D.DAY, key="", built_at=now) for day in sorted(empty_days))
    with transaction.atomic():
        DailyFigure.objects.filter(day__gte=first, day__lte=last).delete()
        DailyFigure.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
