"""The clock: reminders 24 h and 2 h before a deadline, each recorded in the item's evidence (the lapse sweep
itself is in lapse.py)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from confirmations.evidence import event_record
from confirmations.models import Item
from confirmations.services.notify import notify_deadline_reminder

S = Item.Status


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
                event_record(
                    case=item.case,
                    item=item,
                    action="deadline_reminder",
                    from_status=S.PENDING,
                    to_status=S.PENDING,
                    data={"hours": hours, "deadline": item.deadline.isoformat()},
                )
                notify_deadline_reminder(item, hours=hours)
                sent += 1
    return sent
