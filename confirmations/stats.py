"""Statistics of the confirmation flow over a chosen period, scoped to what the caller may see.

Every figure is an aggregate in SQL over a bounded period (at most ``MAX_DAYS``); the brand and office
lists are the top N. For administrators (who see every item) the days rolled up by the ``daily-figures``
task are read from their rows (``confirmations.stats_rolled``: two statements, cached under the roll-up
version and the days moved since, the percentiles from a histogram summed in SQL) and only the other days,
today mostly, from the items. Other callers, and figures narrowed to an office or a channel, are counted
from the items (``confirmations.stats_live``: one statement), the median and 90th percentile ranked exactly
in SQL; an officer's and a holder's items of the period are read from the index of their office or holder and
notice time.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from confirmations.models import Channel, DailyFigure
from confirmations.rollup import WINDOW_DAYS, daily_figures_rebuild
from confirmations.stats_live import Counted, decision_times, live_figures, percentile
from confirmations.stats_rolled import rolled_figures
from portal.access import is_administrator
from portal.workdays.calendar import local_date

__all__ = ["Period", "daily_figures_rebuild", "percentile", "period_of", "period_too_long", "stats_for"]
SHANGHAI = ZoneInfo("Asia/Shanghai")
TOP = 10
TOP_MAX = 100
DEFAULT_DAYS = 365
MAX_DAYS = WINDOW_DAYS
D = DailyFigure.Dimension


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


def _top(rows: dict, label: str, top: int) -> list[dict]:
    ordered = sorted(rows.items(), key=lambda pair: (-pair[1]["items"], str(pair[0])))[:top]
    return [{label: key, "items": row["items"], "cases": row["cases"]} for key, row in ordered]


def stats_for(user, *, period: Period | None = None, top: int = TOP, office=None, channel: str = "") -> dict:
    """Return the statistics of the items the user may see that were notified in the period, of one office
    and one channel when given."""
    period = period or Period.ending_today()
    scope = None
    if office or channel:
        scope = Q(office=office) if office else Q()
        if channel:
            scope &= Q(case__channel=channel)
    counted = Counted(user, (period.bounds(),), scope)
    if is_administrator(user) and scope is None:
        totals, groups, decisions = rolled_figures(counted, period, top)
    else:
        (totals, groups), decisions = live_figures(counted, top), decision_times(counted.items())
    channel_names = dict(Channel.choices)
    months = defaultdict(lambda: {"items": 0, "cases": 0})
    for day, row in groups[D.DAY].items():
        months[day.strftime("%Y-%m")]["items"] += row["items"]
        months[day.strftime("%Y-%m")]["cases"] += row["cases"]
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
        "decision_seconds": decisions,
        "answered_in_time_share": round(totals["in_time"] / answerable, 4) if answerable else None,
        "answered_in_time": totals["in_time"],
        "answerable": answerable,
        "value_detained_cny": str(Decimal(totals["value_detained_cny"] or 0).quantize(Decimal("0.01"))),
        "value_released_cny": str(Decimal(totals["value_released_cny"] or 0).quantize(Decimal("0.01"))),
    }
