"""Figures counted from the items themselves: totals, counts by key, and decision times ranked exactly in SQL."""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import CharField, Count, DateField, DurationField, ExpressionWrapper, F, Q, Value, Window
from django.db.models.functions import Collate, RowNumber, TruncDate

from confirmations.access import items_scope_key, items_visible_to
from confirmations.models import DailyFigure, Item
from confirmations.rollup import DIMENSIONS, figure_measures, spans_filter
from portal.compiled_rows import dicts_compiled_once

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = DailyFigure.Dimension
SUMMED = ("items", "cases", "pending", "answerable", "in_time", "value_detained_cny", "value_released_cny")
TOTAL = "total"
# The dimensions whose keys are many (every office, every brand) and of which a page shows the first few.
RANKED = (D.OFFICE, D.BRAND)

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
class Counted:
    """The items figures are counted from: those ``user`` sees (and ``scope`` selects, when given) notified within one
    of ``spans``, each a [from, to) pair of instants. Their figures' SQL is compiled once per shape (the statement, the
    user's organization and the number of spans) when the user's scope is their organization alone."""

    user: object
    spans: tuple[tuple[datetime, datetime], ...]
    scope: Q | None = None

    def items(self, spans=None):
        within = spans_filter(self.spans if spans is None else spans)
        if within is None:
            return Item.objects.none()
        items = items_visible_to(self.user).filter(within)
        return items if self.scope is None else items.filter(self.scope)

    def within(self, spans) -> "Counted":
        return replace(self, spans=tuple(spans))

    def rows(self, shape, *arguments) -> list[dict]:
        """Return the rows of the ``values()`` queryset ``shape(items, *arguments)`` makes of these items."""
        scope_key = items_scope_key(self.user) if self.scope is None else None
        if scope_key is None or not self.spans:
            return list(shape(self.items(), *arguments))

        def build(instants):
            return shape(self.items(tuple(zip(instants[::2], instants[1::2], strict=True))), *arguments)

        key = (shape.__module__, shape.__qualname__, arguments, scope_key, len(self.spans))
        instants = [instant for span in self.spans for instant in span]
        return dicts_compiled_once(build, key, instants, using=Item.objects.db)


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


def counts(items: int, cases: int) -> dict:
    return {"items": items, "cases": cases}


def _figure_rows(items, top: int | None = None):
    """Return, as one statement, the items' figures in total and by day, and their counts by channel, office and
    brand (each key's cases counted once); with ``top``, only the first ``top`` offices and brands by items (then
    key) where the database ranks within a compound statement (PostgreSQL), every one elsewhere."""
    none_day = Value(None, output_field=DateField())
    branches = [(TOTAL, Value(""), none_day), (D.DAY, Value(""), TruncDate("notified_at", tzinfo=SHANGHAI))]
    branches += [(name, F(path), none_day) for name, path in DIMENSIONS.items()]
    ranked = top is not None and connections[items.db].features.supports_slicing_ordering_in_compound
    queries = []
    for name, key, on in branches:
        query = (
            items.annotate(dimension=Value(name, output_field=CharField()), key=key, on=on)
            .values("dimension", "key", "on")
            .annotate(**figure_measures())
            .order_by()
        )
        if ranked and name in RANKED:
            # A year of an office's items names thousands of brands: the page shows the first few. Ordered as
            # ``stats._top`` orders them, keys by code point (collation "C"), so that ties fall the same way.
            query = query.order_by("-items", Collate("key", "C"))[:top]
        queries.append(query)
    return queries[0].union(*queries[1:], all=True)


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


def decision_summary(count: int, ranked, below: list[int]) -> dict:
    """Return the decision times' figures: count, median, 90th percentile, and the histogram from the counts below
    each of its limits."""
    counts = [below[0]] + [below[i] - below[i - 1] for i in range(1, len(below))]
    return {
        "count": count,
        "median": percentile(ranked, 0.5),
        "p90": percentile(ranked, 0.9),
        "buckets": [{"label": label, "items": n} for (_limit, label), n in zip(DECISION_BUCKETS, counts, strict=True)],
    }


def decision_times(items) -> dict:
    """Return the count, median, 90th percentile and histogram of notice-to-decision seconds, ranked exactly."""
    decided = items.filter(decided_at__isnull=False)
    limits = {
        f"b{index}": Count("pk", filter=Q(decided_at__lt=F("notified_at") + timedelta(seconds=limit)))
        for index, (limit, _label) in enumerate(DECISION_BUCKETS[:-1])
    }
    row = decided.aggregate(count=Count("pk"), **limits)
    ranked = _ranked_seconds(decided, row["count"], (0.5, 0.9))
    below = [row[f"b{index}"] for index in range(len(DECISION_BUCKETS) - 1)] + [row["count"]]
    return decision_summary(row["count"], ranked, below)


def live_figures(counted: Counted, top: int | None = None) -> tuple[dict, dict]:
    """Return the totals and, per dimension, the counts by key of items counted from the items themselves, in one
    query; with ``top``, at least the first ``top`` offices and brands (see ``_figure_rows``), otherwise all."""
    totals, groups = dict.fromkeys(SUMMED, 0), {name: {} for name in (D.DAY, *DIMENSIONS)}
    for row in counted.rows(_figure_rows, top):
        if row["dimension"] == TOTAL:
            totals = {name: row[name] or 0 for name in SUMMED}
        else:
            key = row["on"] if row["dimension"] == D.DAY else row["key"]
            groups[row["dimension"]][key] = counts(row["items"], row["cases"])
    return totals, groups
