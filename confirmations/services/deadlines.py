"""The clock: items unanswered at the deadline are released; reminders 24 h and 2 h before it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from confirmations.evidence import event_record
from confirmations.models import Item
from confirmations.services.common import case_close_if_done, lock_case
from confirmations.services.notify import LAPSE_REASON, notify_deadline_reminder, notify_item_changed

S = Item.Status


def item_lapse(*, item_id: int, now=None) -> bool:
    """Release one pending item whose deadline passed; return False if it was answered or done."""
    now = now or timezone.now()
    with transaction.atomic():
        item = Item.objects.select_related("case", "case__office", "recordal", "holder").get(pk=item_id)
        lock_case(item.case_id)
        changed = Item.objects.filter(pk=item.pk, status=S.PENDING, deadline__lte=now).update(
            status=S.RELEASED, decision=Item.Decision.LAPSED, officer_action_at=now
        )
        if not changed:
            return False
        item.refresh_from_db()
        reason = str(LAPSE_REASON)
        event_record(
            case=item.case,
            item=item,
            action="lapsed",
            from_status=S.PENDING,
            to_status=S.LAPSED,
            data={"reason": reason, "deadline": item.deadline.isoformat()},
        )
        event_record(
            case=item.case,
            item=item,
            action="released",
            from_status=S.LAPSED,
            to_status=S.RELEASED,
            data={"reason": reason, "automatic": True},
        )
        notify_item_changed(item, message=LAPSE_REASON, to_officers=True)
        case_close_if_done(item.case_id, None)
    return True


def items_lapse_due(*, now=None) -> int:
    """Release every pending item whose deadline passed (safe to run twice, and after downtime)."""
    now = now or timezone.now()
    due = Item.objects.filter(status=S.PENDING, deadline__lte=now).order_by("deadline").values_list("pk", flat=True)
    return sum(item_lapse(item_id=pk, now=now) for pk in list(due))


REMINDERS = ((2, "reminded_2h_at"), (24, "reminded_24h_at"))


def deadline_reminders_send(*, now=None) -> int:
    """Send each due reminder once; an item already inside the 2-hour window gets only that one."""
    now = now or timezone.now()
    sent = 0
    for hours, column in REMINDERS:
        due = Item.objects.filter(
            status=S.PENDING,
            deadline__gt=now,
            deadline__lte=now + timedelta(hours=hours),
            **{f"{column}__isnull": True},
        ).values_list("pk", flat=True)
        for pk in list(due):
            with transaction.atomic():
                marks = {name: now for _hours, name in REMINDERS if _hours >= hours}
                changed = Item.objects.filter(pk=pk, status=S.PENDING, **{f"{column}__isnull": True}).update(**marks)
                if not changed:
                    continue
                item = Item.objects.select_related("case", "case__office", "recordal", "holder").get(pk=pk)
                notify_deadline_reminder(item, hours=hours)
                sent += 1
    return sent
