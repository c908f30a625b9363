"""An administrator's statistics read from the rolled-up rows, and only the days not rolled up from the items.

A year answers from small indexed reads: the day totals (one row a day), the channel and office rows, the top
brands checked against every brand's total (``BrandTotal``), and the decision-time histogram summed in SQL by
bucket. Figures are the same as counted from the items; the median and 90th percentile too when their ranks fall
on a bucket's shortest or longest time, and otherwise within the bucket's width (15 s under an hour, 5 min under
a day, 30 min beyond), interpolated between them.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Max, Min, Sum

from confirmations.models import DailyFigure
from confirmations.rollup import bucket_bounds, days_filter, decision_bucket, decision_seconds
from confirmations.rollup_models import BrandTotal, DailyDecisions, MonthlyDecisions
from confirmations.stats_live import (
    DECISION_BUCKETS,
    by_day,
    decision_summary,
    decision_times,
    grouped_by,
    totals_of,
)

D = DailyFigure.Dimension
PATHS = {D.CHANNEL: "case__channel", D.OFFICE: "case__office__name", D.BRAND: "recordal__title"}
SUMMED = ("items", "cases", "pending", "answerable", "in_time", "value_detained_cny", "value_released_cny")
# How many brands, per brand shown, are checked against their totals before summing every brand of the period.
BRAND_CANDIDATES = 20


class HistogramSeconds:
    """The sorted decision times a histogram stands for: position ``k`` is read in its bucket, between the bucket's
    shortest and longest time by its rank there."""

    def __init__(self, rows: list[tuple[int, int, float, float]]):
        self.rows = rows
        self.count = sum(n for _bucket, n, _low, _high in rows)

    def __len__(self):
        return self.count

    def __getitem__(self, position: int) -> float:
        seen = 0
        for _bucket, n, shortest, longest in self.rows:
            if position < seen + n:
                rank = position - seen
                return shortest if n == 1 else shortest + (longest - shortest) * rank / (n - 1)
            seen += n
        raise IndexError(position)


def _summed(rows, key: str = "key") -> dict:
    return {row[key]: {"items": row["n"], "cases": row["c"]} for row in rows}


def _add(into: dict, rows: dict) -> None:
    for key, row in rows.items():
        for name, value in row.items():
            into[key][name] += value


def _top_keys(rolled, live: dict, top: int) -> dict:
    """Return the rolled-up counts of the brands that can be among the top ones once the live counts are added: the
    first ``top + len(live)`` by rolled-up items, and the live ones."""
    per_key = rolled.values("key").annotate(n=Sum("items"), c=Sum("cases")).order_by("-n", "key")
    found = _summed(per_key[: top + len(live)])
    missing = [key for key in live if key not in found]
    if missing:
        found.update(_summed(per_key.filter(key__in=missing)))
    return found


def _top_brands(rolled, live: dict, top: int) -> dict | None:
    """Return the rolled-up counts of the brands that can be the top ones, read for the brands of largest totals
    only; None when a brand past them could still rank (its total reaches the last one shown)."""
    limit = BRAND_CANDIDATES * top
    head = list(BrandTotal.objects.values_list("brand", "items")[: limit + 1])
    candidates, bound = head[:limit], head[limit][1] if len(head) > limit else None
    keys = {brand for brand, _items in candidates} | set(live)
    found = _summed(rolled.filter(key__in=keys).values("key").annotate(n=Sum("items"), c=Sum("cases")).order_by())
    if bound is not None:
        merged = sorted(
            found[key]["items"] + live.get(key, {}).get("items", 0) for key in keys if key in found or key in live
        )
        if len(merged) < top or merged[-top] <= bound:
            return None
    return found


def _full_months(period, rolled_days: set) -> dict:
    """Return the months inside the period whose every day is rolled up: their first day and their days."""
    months, month = {}, period.first.replace(day=1)
    while month <= period.last:
        following = (month + timedelta(days=32)).replace(day=1)
        days = {month + timedelta(days=n) for n in range((following - month).days)}
        if month >= period.first and following - timedelta(days=1) <= period.last and days <= rolled_days:
            months[month] = days
        month = following
    return months


def _buckets(period, rolled_days: set, live_items):
    """Return, in one query, the decision times summed by bucket: whole rolled-up months from their rows, other
    rolled-up days from theirs, and the live items bucketed as they are read."""
    months = _full_months(period, rolled_days)
    by_day = days_filter(rolled_days.difference(*months.values()), field="day")
    days = DailyDecisions.objects.filter(by_day) if by_day is not None else DailyDecisions.objects.none()
    summed = {"n": Sum("items"), "low": Min("shortest"), "high": Max("longest")}
    parts = [MonthlyDecisions.objects.filter(month__in=months).values("bucket").annotate(**summed).order_by()]
    seconds = decision_seconds()
    parts.append(
        live_items.filter(decided_at__isnull=False)
        .annotate(bucket=decision_bucket(seconds))
        .values("bucket")
        .annotate(n=Count("pk"), low=Min(seconds), high=Max(seconds))
        .order_by()
    )
    return days.values("bucket").annotate(**summed).order_by().union(*parts, all=True)


def _decisions(period, rolled_days: set, live_items) -> dict:
    """Return the decision times from the histogram of the rolled-up days and of the live items, summed by bucket."""
    buckets = {}
    for row in _buckets(period, rolled_days, live_items):
        n, low, high = buckets.get(row["bucket"], (0, row["low"], row["high"]))
        buckets[row["bucket"]] = (n + row["n"], min(low, row["low"]), max(high, row["high"]))
    ranked = HistogramSeconds([(bucket, *buckets[bucket]) for bucket in sorted(buckets)])
    below = [0] * len(DECISION_BUCKETS)
    for bucket, (n, _low, _high) in buckets.items():
        start = bucket_bounds(bucket)[0]
        for index, (limit, _label) in enumerate(DECISION_BUCKETS):
            if start < limit:
                below[index] += n
    return decision_summary(ranked.count, ranked, below)


def _add_rolled_keys(rolled, groups: dict, live_brands: dict, top: int) -> None:
    """Add the rolled-up counts of every channel and office (one query) and of the brands that can be the top ones."""
    per_key = rolled.filter(dimension__in=[D.CHANNEL, D.OFFICE]).values("dimension", "key")
    for row in per_key.annotate(n=Sum("items"), c=Sum("cases")).order_by():
        groups[row["dimension"]][row["key"]]["items"] += row["n"]
        groups[row["dimension"]][row["key"]]["cases"] += row["c"]
    brands = rolled.filter(dimension=D.BRAND)
    found = _top_brands(brands, live_brands, top)
    _add(groups[D.BRAND], found if found is not None else _top_keys(brands, live_brands, top))


def _add_live(items, totals: dict, groups: dict, *, rolled=None, top: int = 0) -> None:
    """Add the figures counted from ``items`` and, with ``rolled``, the rolled-up channels, offices and brands."""
    for name, value in totals_of(items).items():
        totals[name] += value or 0
    _add(groups[D.DAY], by_day(items))
    live = {name: grouped_by(items, path) for name, path in PATHS.items()}
    if rolled is not None:
        _add_rolled_keys(rolled, groups, live[D.BRAND], top)
    for name, counts in live.items():
        _add(groups[name], counts)


def rolled_figures(items, period, top: int) -> tuple[dict, dict, dict]:
    """Return the totals, the counts by dimension and key, and the decision times of the period for an
    administrator: the rolled-up days from their rows, the other days from ``items``."""
    totals, groups = defaultdict(int), {name: defaultdict(lambda: defaultdict(int)) for name in (*PATHS, D.DAY)}
    rolled = DailyFigure.objects.filter(day__gte=period.first, day__lte=period.last)
    rolled_days = set()
    for row in rolled.filter(dimension=D.DAY).values("day", *SUMMED):
        rolled_days.add(row["day"])
        groups[D.DAY][row["day"]]["items"] += row["items"]
        groups[D.DAY][row["day"]]["cases"] += row["cases"]
        for name in SUMMED:
            totals[name] += row[name]
    if not rolled_days:
        _add_live(items, totals, groups)
        return totals, groups, decision_times(items)
    every = {period.first + timedelta(days=n) for n in range((period.last - period.first).days + 1)}
    live_days = days_filter(every - rolled_days)
    live = items.filter(live_days) if live_days is not None else items.none()
    _add_live(live, totals, groups, rolled=rolled, top=top)
    return totals, groups, _decisions(period, rolled_days, live)
