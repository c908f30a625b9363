"""Statistics of the confirmation flow, scoped to what the caller may see.

Counts and sums use ORM aggregation. The median and 90th percentile of the time from notice
to decision are computed in Python over the decided items' two timestamps: at the scale of
a year's cases (tens of thousands of rows, two columns) this is cheap and database-neutral.
"""

from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from confirmations.access import items_visible_to
from confirmations.models import Channel, Item

DETAINED = (Item.Status.DETAINED, Item.Status.CONFIRMED, Item.Status.NOT_CONFIRMED, Item.Status.COUNTER_GUARANTEE)


# Upper limits (seconds) and labels of the notice-to-decision histogram.
DECISION_BUCKETS = [
    (15 * 60, "< 15 min"),
    (3600, "15–60 min"),
    (4 * 3600, "1–4 h"),
    (24 * 3600, "4–24 h"),
    (3 * 86400, "1–3 d"),
    (float("inf"), "> 3 d"),
]


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """Return the value at a fraction (0..1) of a sorted list, interpolating between neighbours."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _counts(items, field: str, label: str) -> list[dict]:
    rows = items.values(field).annotate(items=Count("pk"), cases=Count("case", distinct=True)).order_by("-items")
    return [{label: row[field], "items": row["items"], "cases": row["cases"]} for row in rows]


def stats_for(user, *, since=None, until=None, office=None, channel: str = "") -> dict:
    """Return the statistics of the items the user may see, notified in [since, until] (local dates),
    of one office and one channel when given."""
    items = items_visible_to(user)
    if since:
        items = items.filter(notified_at__date__gte=since)
    if until:
        items = items.filter(notified_at__date__lte=until)
    if office:
        items = items.filter(case__office=office)
    if channel:
        items = items.filter(case__channel=channel)
    channel_names = dict(Channel.choices)
    by_channel = [
        {**row, "label": str(channel_names.get(row["channel"], row["channel"]))}
        for row in _counts(items, "case__channel", "channel")
    ]
    by_office = _counts(items, "case__office__name", "office")
    by_brand = _counts(items, "recordal__title", "brand")
    by_month = [
        {"month": row["month"].strftime("%Y-%m"), "items": row["items"], "cases": row["cases"]}
        for row in items.annotate(month=TruncMonth("notified_at"))
        .values("month")
        .annotate(items=Count("pk"), cases=Count("case", distinct=True))
        .order_by("month")
    ]
    decided = items.filter(decided_at__isnull=False)
    durations = sorted(
        (decided_at - notified_at).total_seconds()
        for notified_at, decided_at in decided.values_list("notified_at", "decided_at")
    )
    answerable = items.exclude(status=Item.Status.PENDING).count()
    in_time = decided.filter(decided_at__lt=F("deadline")).count()
    detained = items.filter(status__in=DETAINED).aggregate(total=Sum("value_cny"))["total"] or Decimal(0)
    released = items.filter(status__in=(Item.Status.RELEASED, Item.Status.NOT_CONFIRMED)).aggregate(
        total=Sum("value_cny")
    )["total"] or Decimal(0)
    median = percentile(durations, 0.5)
    buckets = [0] * len(DECISION_BUCKETS)
    for seconds in durations:
        buckets[next(i for i, (limit, _) in enumerate(DECISION_BUCKETS) if seconds < limit)] += 1
    return {
        "cases": items.values("case").distinct().count(),
        "items": items.count(),
        "pending": items.filter(status=Item.Status.PENDING).count(),
        "by_channel": by_channel,
        "by_office": by_office,
        "by_brand": by_brand,
        "by_month": by_month,
        "decision_seconds": {
            "count": len(durations),
            "median": median,
            "p90": percentile(durations, 0.9),
            "buckets": [{"label": label, "items": n} for (_, label), n in zip(DECISION_BUCKETS, buckets, strict=True)],
        },
        "answered_in_time_share": round(in_time / answerable, 4) if answerable else None,
        "answered_in_time": in_time,
        "answerable": answerable,
        "value_detained_cny": str(detained),
        "value_released_cny": str(released),
    }
