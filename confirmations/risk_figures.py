"""Risk figures: how often a filed case turns out to be a confirmed infringement, by channel, origin, goods, office.

Definitions (the API and the page say the same):

- A case is *filed* in a period when its holders were notified (``Case.committed_at``) on one of the period's
  days (Asia/Shanghai).
- A filed case is *confirmed* when at least one of its items has the status "infringement confirmed" (customs'
  investigation confirmed it). Items still under investigation, not confirmed, released or held under a court
  notice do not count, so a case's hit can rise later as investigations conclude.
- The *hit rate* is confirmed / filed cases.
- The *origin* is the consignor's country as filed ("" when not given).
- The *goods* are the HS chapter: the first two digits of the item's own HS code as filed. An item filed without
  one falls back to the genuine goods of its recordal (the recordal's first goods line with an HS code); an
  item with neither counts under "" (unknown). A case with items in two chapters counts once in each; in a
  chapter, a case is confirmed when one of its items of that chapter is.

Officers see the figures of their own office (as in the statistics), administrators every office. Every row is
one SQL aggregate per dimension; no rows are read into Python.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf, Substr
from django.utils.translation import gettext_lazy as _

from confirmations.access import cases_visible_to
from confirmations.models import Channel, Item
from confirmations.stats import Period
from portal.access import is_administrator, is_officer
from recordals.models import Goods

CONFIRMED = Q(items__status=Item.Status.CONFIRMED)


def may_see_risk_figures(user) -> bool:
    """Return whether the user may see risk figures: customs staff only."""
    return is_administrator(user) or is_officer(user)


def _cases(user, period: Period):
    low, high = period.bounds()
    return cases_visible_to(user).filter(committed_at__gte=low, committed_at__lt=high)


def _rate(filed: int, confirmed: int) -> float | None:
    return round(confirmed / filed, 4) if filed else None


def _rows(queryset, key: str) -> list[dict]:
    """Return the grouped rows (one per key, few) by hit rate (highest first), then cases filed, then key."""
    rows = [
        {"key": row[key] or "", "filed": row["filed"], "confirmed": row["confirmed"]} for row in queryset.order_by(key)
    ]
    for row in rows:
        row["hit_rate"] = _rate(row["filed"], row["confirmed"])
    return sorted(rows, key=lambda row: (-(row["hit_rate"] or 0), -row["filed"], row["key"]))


def _by_case_field(cases, path: str) -> list[dict]:
    grouped = cases.values(key=F(path)).annotate(
        filed=Count("pk", distinct=True), confirmed=Count("pk", distinct=True, filter=CONFIRMED)
    )
    return _rows(grouped, "key")


def _by_hs_chapter(cases) -> list[dict]:
    first_code = (
        Goods.objects.filter(recordal=OuterRef("recordal_id")).exclude(hs_code="").order_by("pk").values("hs_code")[:1]
    )
    grouped = (
        Item.objects.filter(case__in=cases.values("pk"))
        .annotate(key=Substr(Coalesce(NullIf(F("hs_code"), Value("")), Subquery(first_code)), 1, 2))
        .values("key")
        .annotate(
            filed=Count("case", distinct=True),
            confirmed=Count("case", distinct=True, filter=Q(status=Item.Status.CONFIRMED)),
        )
    )
    return _rows(grouped, "key")


def risk_figures_for(user, *, period: Period) -> dict:
    """Return the hit rate of the cases the user may see that were filed in the period, overall and per dimension."""
    if not may_see_risk_figures(user):
        raise PermissionDenied(_("Risk figures are for customs staff."))
    cases = _cases(user, period)
    totals = cases.aggregate(filed=Count("pk", distinct=True), confirmed=Count("pk", distinct=True, filter=CONFIRMED))
    channel_names = dict(Channel.choices)
    by_channel = _by_case_field(cases, "channel")
    for row in by_channel:
        row["label"] = str(channel_names.get(row["key"], row["key"]))
    return {
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
        "filed": totals["filed"],
        "confirmed": totals["confirmed"],
        "hit_rate": _rate(totals["filed"], totals["confirmed"]),
        "by_channel": by_channel,
        "by_origin": _by_case_field(cases, "consignor_country"),
        "by_hs_chapter": _by_hs_chapter(cases),
        "by_office": _by_case_field(cases, "office__name"),
    }
