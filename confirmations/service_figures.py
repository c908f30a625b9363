"""Per-holder service figures: how fast and how reliably each rights holder answers customs' notices.

For the items notified in a period (Asia/Shanghai days):

- *answered*: the holder decided the item (infringing or not infringing); an item released for want of an answer
  is not answered.
- *median time to answer*: the median of notice-to-decision times of the answered items, picked in the database:
  the items are numbered in order of that time per holder, and the middle item (odd count) or the mean of the two
  middle items (even count) is the median. The same SQL runs on PostgreSQL and SQLite.
- *answered in time*: decided before the deadline, as a share of the items no longer awaiting an answer (the same
  rule as the statistics).
- *outcomes*: items by the holder's answer: infringing, not infringing, no answer (released), still awaiting.

A holder's staff (and an agent acting for the whole holder) see that holder's figures; administrators see every
holder's side by side, slowest first. Nobody else sees any.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from confirmations.models import Item
from confirmations.stats import Period
from portal.access import Need, holders_acted_for, is_administrator, is_holder_side
from portal.accounts.models import Organization

D = Item.Decision
ANSWERS = (D.INFRINGING, D.NOT_INFRINGING)
ORDERS = {
    "slowest": _("Slowest median answer first"),
    "fastest": _("Fastest median answer first"),
    "in_time": _("Lowest share in time first"),
    "name": _("Holder name"),
}


def holders_for_service_figures(user):
    """Return the holders whose service figures the user may see: all for administrators, else those it acts for."""
    if is_administrator(user):
        return Organization.objects.filter(kind=Organization.Kind.HOLDER)
    return holders_acted_for(user, Need.VIEW)


def _medians(items) -> dict[int, float]:
    """Return each holder's median notice-to-decision seconds, from the one or two middle rows the database picks."""
    elapsed = ExpressionWrapper(F("decided_at") - F("notified_at"), output_field=DurationField())
    ranked = (
        items.filter(decision__in=ANSWERS, decided_at__isnull=False)
        .annotate(
            elapsed=elapsed,
            position=Window(RowNumber(), partition_by=[F("holder_id")], order_by=[elapsed.asc(), F("pk").asc()]),
            answered=Window(Count("pk"), partition_by=[F("holder_id")]),
        )
        .filter(position__gte=(F("answered") + 1) / 2, position__lte=(F("answered") + 2) / 2)
        .values_list("holder_id", "elapsed")
    )
    middles: dict[int, list[timedelta]] = {}
    for holder_id, value in ranked:
        middles.setdefault(holder_id, []).append(value)
    return {holder_id: sum(values, timedelta()).total_seconds() / len(values) for holder_id, values in middles.items()}


def _row(holder_id: int, name: str, counts: dict, median: float | None) -> dict:
    answerable = counts.get("answerable", 0)
    in_time = counts.get("in_time", 0)
    return {
        "holder": holder_id,
        "name": name,
        "notified": counts.get("notified", 0),
        "answered": counts.get("answered", 0),
        "median_seconds": median,
        "answered_in_time": in_time,
        "answerable": answerable,
        "in_time_share": round(in_time / answerable, 4) if answerable else None,
        "outcomes": {name: counts.get(name, 0) for name in ("infringing", "not_infringing", "lapsed", "awaiting")},
    }


def _sort(rows: list[dict], order: str) -> list[dict]:
    if order == "name":
        return sorted(rows, key=lambda row: row["name"].casefold())
    if order == "in_time":
        return sorted(rows, key=lambda row: (row["in_time_share"] is None, row["in_time_share"] or 0, row["name"]))
    sign = -1 if order == "slowest" else 1
    return sorted(
        rows, key=lambda row: (row["median_seconds"] is None, sign * (row["median_seconds"] or 0), row["name"])
    )


def service_figures_for(user, *, period: Period, holder: Organization | None = None, order: str = "slowest") -> dict:
    """Return the service figures of the holders the user may see (one holder when given), for the period."""
    holders = holders_for_service_figures(user)
    if holder is not None:
        if not holders.filter(pk=holder.pk).exists():
            raise PermissionDenied(_("You may see only the service figures of the holders you act for."))
        holders = Organization.objects.filter(pk=holder.pk)
    elif not (is_administrator(user) or is_holder_side(user)):
        raise PermissionDenied(_("Service figures are for rights holders and administrators."))
    low, high = period.bounds()
    items = Item.objects.filter(holder__in=holders.values("pk"), notified_at__gte=low, notified_at__lt=high)
    grouped = items.values("holder_id", "holder__name").annotate(
        notified=Count("pk"),
        answered=Count("pk", filter=Q(decision__in=ANSWERS)),
        answerable=Count("pk", filter=~Q(status=Item.Status.PENDING)),
        in_time=Count("pk", filter=Q(decision__in=ANSWERS, decided_at__lt=F("deadline"))),
        infringing=Count("pk", filter=Q(decision=D.INFRINGING)),
        not_infringing=Count("pk", filter=Q(decision=D.NOT_INFRINGING)),
        lapsed=Count("pk", filter=Q(decision=D.LAPSED)),
        awaiting=Count("pk", filter=Q(status=Item.Status.PENDING)),
    )
    medians = _medians(items)
    rows = [_row(row["holder_id"], row["holder__name"], row, medians.get(row["holder_id"])) for row in grouped]
    if not is_administrator(user):
        shown = {row["holder"] for row in rows}
        rows += [_row(org.pk, org.name, {}, None) for org in holders.exclude(pk__in=shown)]
    return {
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
        "order": order,
        "holders": _sort(rows, order),
    }
