"""Deadlines follow the calendar: when an administrator corrects a day, pending deadlines are recomputed."""

from collections import defaultdict
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.evidence import event_record
from confirmations.models import Item
from confirmations.services.filing import DEADLINE_WORKING_DAYS
from confirmations.services.notify import notify_item_changed
from confirmations.services.recompute_clocks import items_clocks_recompute, requests_clocks_recompute
from portal.notices.params import Deadline, Phrase
from portal.workdays.calendar import CALENDAR_TZ, add_working_days, local_date

S = Item.Status


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CALENDAR_TZ)


@transaction.atomic
def deadlines_recompute(*, days: list[date], actor=None, now=None) -> int:
    """Recompute the deadlines of pending items not yet passed whose count runs over the changed days.

    Items notified on the same Shanghai day share one new deadline, set with one update per day.
    A deadline never moves to a moment already passed. Each moved item gets an evidence event and
    its holder a notice. Return how many items moved.
    """
    if not days:
        return 0
    now = now or timezone.now()
    candidates = Item.objects.filter(
        status=S.PENDING,
        deadline__gt=max(now, _start_of(min(days))),
        notified_at__lt=_start_of(max(days)),
    ).values_list("pk", "notified_at", "deadline")
    groups: dict[tuple[date, datetime], list[int]] = defaultdict(list)
    notified_on: dict[date, datetime] = {}
    for pk, notified_at, deadline in candidates:
        day = local_date(notified_at)
        notified_on.setdefault(day, notified_at)
        groups[(day, deadline)].append(pk)
    new_deadlines = {day: add_working_days(moment, DEADLINE_WORKING_DAYS) for day, moment in notified_on.items()}
    moved: list[tuple[int, datetime, datetime]] = []
    for (day, old), pks in groups.items():
        new = new_deadlines[day]
        if new == old or new <= now:
            continue
        still_due = Item.objects.select_for_update().filter(pk__in=pks, status=S.PENDING, deadline=old)
        ids = list(still_due.values_list("pk", flat=True))
        Item.objects.filter(pk__in=ids).update(deadline=new, reminded_24h_at=None, reminded_2h_at=None)
        moved.extend((pk, old, new) for pk in ids)
    changed_days = [day.isoformat() for day in days]
    items = Item.objects.select_related("case", "case__office", "recordal", "holder").in_bulk([pk for pk, *_ in moved])
    for pk, old, new in moved:
        item = items[pk]
        event_record(
            case=item.case,
            item=item,
            action="deadline_moved",
            actor=actor,
            from_status=S.PENDING,
            to_status=S.PENDING,
            data={
                "old_deadline": old.astimezone(CALENDAR_TZ).isoformat(),
                "new_deadline": new.astimezone(CALENDAR_TZ).isoformat(),
                "calendar_days": changed_days,
            },
        )
        notify_item_changed(
            item,
            message=Phrase(
                _("the deadline moved from %(old)s to %(new)s because the working-day calendar was corrected"),
                old=Deadline(old),
                new=Deadline(new),
            ),
        )
    return len(moved)


@transaction.atomic
def on_calendar_changed(sender, *, days, actor=None, **kwargs) -> None:
    """Recompute every working-day date still to come after an administrator changed calendar days."""
    now = timezone.now()
    deadlines_recompute(days=days, actor=actor, now=now)
    if days:
        items_clocks_recompute(days=days, actor=actor, now=now)
        requests_clocks_recompute(days=days, actor=actor, now=now)
