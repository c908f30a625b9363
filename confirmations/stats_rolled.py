"""An administrator's statistics read from the rolled-up rows, and only the days not rolled up from the items.

The rolled-up part of a period is two statements: one reads the day rows, the period's sums by channel and
office, and the sums of the brands of largest totals (``BrandTotal`` bounds the others); one sums the decision-time
histogram, whole months from their month rows and the edge days from their day rows. That part is cached under the
roll-up version (moved on by every roll-up) and the days moved since the last roll-up (``confirmations.rollup_moved``,
read in the same query as the version when no case event was written since), which are counted from the items
like the days not rolled up: a cached part is never behind the rows nor the items.
The items of the other days are read in two statements (their counts by total, day, channel, office and brand,
and their decision times by bucket).

Figures are the same as counted from the items; the median and 90th percentile too when their ranks fall on a
bucket's shortest or longest time, and otherwise within the bucket's width (15 s under an hour, 5 min under a
day, 30 min beyond), interpolated between them.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, F, IntegerField, Max, Min, Subquery, Sum, Value

from confirmations.models import DailyFigure
from confirmations.rollup import (
    bucket_bounds,
    day_bounds,
    day_runs,
    days_filter,
    decision_bucket,
    decision_seconds,
)
from confirmations.rollup_models import BrandTotal, DailyDecisions, MonthlyDecisions
from confirmations.rollup_moved import days_moved, rollup_state
from confirmations.stats_live import (
    DECISION_BUCKETS,
    SUMMED,
    Counted,
    counts,
    decision_summary,
    decision_times,
    live_figures,
)

D = DailyFigure.Dimension
PATHS = {D.CHANNEL: "case__channel", D.OFFICE: "case__office__name", D.BRAND: "recordal__title"}

# How many brands, per brand shown, are checked against their totals before summing every brand of the period.
BRAND_CANDIDATES = 20
CACHE_SECONDS = 24 * 3600

logger = logging.getLogger(__name__)


@dataclass
class Rolled:
    """The rolled-up part of a period: each day's row, the sums by channel, office and candidate brand, the bound
    (the total of the first brand past the candidates, None when every brand is one) and the histogram."""

    days: dict
    keys: dict
    bound: int | None
    buckets: dict


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


def _rolled_rows(base, limit: int):
    """Return, as one statement, the day rows, the sums by channel and office, and the sums of the brands of the
    ``limit`` largest totals; every row carries the total of the first brand past them."""
    ranked = BrandTotal.objects.order_by("-items", "brand")
    bound = Subquery(ranked.values("items")[limit : limit + 1], output_field=IntegerField())
    zero = {f"sum_{name}": Value(0) for name in SUMMED[2:]}
    days = (
        base.filter(dimension=D.DAY)
        .values("dimension", "key", "day")
        .annotate(bound=bound, **{f"sum_{name}": F(name) for name in SUMMED})
    )
    sums = {"last": Max("day"), "bound": bound, "sum_items": Sum("items"), "sum_cases": Sum("cases"), **zero}
    keys = base.filter(dimension__in=[D.CHANNEL, D.OFFICE]).values("dimension", "key").annotate(**sums)
    brands = base.filter(dimension=D.BRAND, key__in=ranked.values("brand")[:limit])
    return days.union(keys, brands.values("dimension", "key").annotate(**sums), all=True)


def _rolled_buckets(period, rolled_days: set) -> dict:
    """Return the decision times of the rolled-up days by bucket, in one statement: whole months from their rows,
    the other days from theirs."""
    months = _full_months(period, rolled_days)
    by_day = days_filter(rolled_days.difference(*months.values()), field="day")
    days = DailyDecisions.objects.filter(by_day) if by_day is not None else DailyDecisions.objects.none()
    summed = {"n": Sum("items"), "low": Min("shortest"), "high": Max("longest")}
    whole = MonthlyDecisions.objects.filter(month__in=months).values("bucket").annotate(**summed).order_by()
    buckets = {}
    _add_buckets(buckets, days.values("bucket").annotate(**summed).order_by().union(whole, all=True))
    return buckets


def _rolled(period, stale: set, top: int) -> Rolled:
    """Read the rolled-up part of the period, leaving out the ``stale`` days."""
    base = DailyFigure.objects.filter(day__gte=period.first, day__lte=period.last).exclude(day__in=stale).order_by()
    days, keys, bound = {}, {name: {} for name in PATHS}, None
    for row in _rolled_rows(base, BRAND_CANDIDATES * top):
        bound = row["bound"]
        if row["dimension"] == D.DAY:
            days[row["day"]] = {name: row[f"sum_{name}"] for name in SUMMED}
        else:
            keys[row["dimension"]][row["key"]] = counts(row["sum_items"], row["sum_cases"])
    buckets = _rolled_buckets(period, set(days)) if days else {}
    return Rolled(days=days, keys=keys, bound=bound, buckets=buckets)


def _cache_key(version: int, period, stale: set, top: int) -> str:
    stale_days = ",".join(day.isoformat() for day in sorted(stale))
    digest = hashlib.sha256(stale_days.encode()).hexdigest()[:16]
    return f"stats:rolled:administrator:{version}:{period.first}:{period.last}:{top}:{digest}"


def _version_and_moved(period) -> tuple[int, set]:
    """Return the roll-up version and the days of the period moved since the last roll-up."""
    state = rollup_state()
    if state is None:
        return 0, set()
    return state["number"], days_moved(state, day_bounds(period.first, period.last))


def rolled_part(period, top: int) -> Rolled:
    """Return the rolled-up part of an administrator's period, cached under the roll-up version and the days moved
    since the last roll-up (left out of it)."""
    version, stale = _version_and_moved(period)
    key = _cache_key(version, period, stale, top)
    rolled = _cache_call(cache.get, key)
    if rolled is None:
        rolled = _rolled(period, stale, top)
        _cache_call(cache.set, key, rolled, CACHE_SECONDS)
    return rolled


def _cache_call(method, *args):
    """Ask the cache; a cache that is down is a miss (the answer is computed), never an error of the statistics."""
    try:
        return method(*args)
    except Exception:  # the cache's client raises its own connection errors
        logger.warning("statistics cache unavailable; computing the rolled part", exc_info=True)
        return None


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


def _add_buckets(buckets: dict, rows) -> None:
    for row in rows:
        n, low, high = buckets.get(row["bucket"], (0, row["low"], row["high"]))
        buckets[row["bucket"]] = (n + row["n"], min(low, row["low"]), max(high, row["high"]))


def _decisions(buckets: dict) -> dict:
    """Return the decision times from a histogram: ``{bucket: (count, shortest, longest)}``."""
    ranked = HistogramSeconds([(bucket, *buckets[bucket]) for bucket in sorted(buckets)])
    below = [0] * len(DECISION_BUCKETS)
    for bucket, (n, _low, _high) in buckets.items():
        start = bucket_bounds(bucket)[0]
        for index, (limit, _label) in enumerate(DECISION_BUCKETS):
            if start < limit:
                below[index] += n
    return decision_summary(ranked.count, ranked, below)


def _bucket_rows(items):
    """Return the decided items' decision times by histogram bucket: count, shortest and longest."""
    seconds = decision_seconds()
    return (
        items.filter(decided_at__isnull=False)
        .annotate(bucket=decision_bucket(seconds))
        .values("bucket")
        .annotate(n=Count("pk"), low=Min(seconds), high=Max(seconds))
        .order_by()
    )


def _live_buckets(live: Counted) -> dict:
    buckets = {}
    _add_buckets(buckets, live.rows(_bucket_rows))
    return buckets


def _live_part(live: Counted) -> tuple[dict, dict, dict]:
    """Return the live items' totals, the counts by day and by channel, office and brand, and their histogram."""
    totals, groups = live_figures(live)
    return totals, groups, _live_buckets(live)


def _brand_sums(brands, keys) -> dict:
    rows = brands.filter(key__in=keys).values("key").annotate(n=Sum("items"), c=Sum("cases")).order_by()
    return {row["key"]: counts(row["n"], row["c"]) for row in rows}


def _every_brand(brands, live: dict, top: int) -> dict:
    """Return the rolled-up counts of the brands that can be among the top ones once the live counts are added: the
    first ``top + len(live)`` by rolled-up items, and the live ones."""
    per_key = brands.values("key").annotate(n=Sum("items"), c=Sum("cases")).order_by("-n", "key")
    found = {row["key"]: counts(row["n"], row["c"]) for row in per_key[: top + len(live)]}
    missing = [key for key in live if key not in found]
    return found | (_brand_sums(brands, missing) if missing else {})


def _top_brands(rolled: Rolled, brands, live: dict, top: int) -> dict:
    """Return the rolled-up counts of the brands that can be the top ones: the candidates' (cached), a live brand's
    past them when it could rank, or, when a brand past them could rank, every brand's of the period."""
    found = dict(rolled.keys[D.BRAND])
    if rolled.bound is None:
        return found

    def merged(key):
        return found.get(key, {}).get("items", 0) + live.get(key, {}).get("items", 0)

    known = sorted((merged(key) for key in found), reverse=True)
    reach = known[top - 1] if len(known) >= top else 0
    outside = [key for key in live if key not in found and live[key]["items"] + rolled.bound >= reach]
    if outside:
        found |= _brand_sums(brands, outside)
    ranked = sorted((merged(key) for key in set(found) | set(live)), reverse=True)
    if len(ranked) < top or ranked[top - 1] <= rolled.bound:
        return _every_brand(brands, live, top)
    return found


def _merge(into: dict, rows: dict) -> None:
    for key, row in rows.items():
        known = into.get(key)
        into[key] = counts(row["items"], row["cases"]) if known is None else _sum(known, row)


def _sum(one: dict, other: dict) -> dict:
    return counts(one["items"] + other["items"], one["cases"] + other["cases"])


def rolled_figures(counted: Counted, period, top: int) -> tuple[dict, dict, dict]:
    """Return the totals, the counts by dimension and key, and the decision times of the period for an
    administrator: the rolled-up days from their rows (cached), the other days from the items ``counted``."""
    rolled = rolled_part(period, top)
    if not rolled.days:
        totals, groups = live_figures(counted)
        return totals, groups, decision_times(counted.items())
    every = {period.first + timedelta(days=n) for n in range((period.last - period.first).days + 1)}
    live = counted.within(day_bounds(first, last) for first, last in day_runs(every - set(rolled.days)))
    totals, live_groups, buckets = _live_part(live)
    groups = {name: {} for name in (D.DAY, *PATHS)}
    for day, row in rolled.days.items():
        for name in SUMMED:
            totals[name] += row[name]
        groups[D.DAY][day] = counts(row["items"], row["cases"])
    brands = DailyFigure.objects.filter(days_filter(set(rolled.days), field="day"), dimension=D.BRAND).order_by()
    for name in (D.CHANNEL, D.OFFICE):
        _merge(groups[name], rolled.keys[name])
    _merge(groups[D.BRAND], _top_brands(rolled, brands, live_groups[D.BRAND], top))
    for name, live_counts in live_groups.items():
        _merge(groups[name], live_counts)
    for bucket, (n, low, high) in rolled.buckets.items():
        count, shortest, longest = buckets.get(bucket, (0, low, high))
        buckets[bucket] = (count + n, min(shortest, low), max(longest, high))
    return totals, groups, _decisions(buckets)
