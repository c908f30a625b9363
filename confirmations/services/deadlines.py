"""The clock: reminders 24 h and 2 h before a deadline, each recorded in the item's evidence (the lapse sweep
itself is in lapse.py)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from confirmations.evidence import events_record_entries
from confirmations.models import Item
from confirmations.services.common import items_claim
from confirmations.services.notify_bulk import notify_deadline_reminders

S = Item.Status
SWEEP_BATCH = 500

REMINDERS = ((2, "reminded_2h_at"), (24, "reminded_24h_at"))


def _remind_batch(*, hours: int, column: str, now, batch: int) -> int | None:
    """Claim, record and notify one batch of due reminders of one kind; None when none is due."""
    due = Item.objects.filter(
        status=S.PENDING,
        deadline__gt=now,
        deadline__lte=now + timedelta(hours=hours),
        **{f"{column}__isnull": True},
    )
    marks = {name: now for _hours, name in REMINDERS if _hours >= hours}
    items = items_claim(due, batch=batch, order="deadline", **marks)
    if items is None:
        return None
    events_record_entries(
        [
            {
                "case": item.case,
                "item": item,
                "action": "deadline_reminder",
                "from_status": S.PENDING,
                "to_status": S.PENDING,
                "data": {"hours": hours, "deadline": item.deadline.isoformat()},
            }
            for item in items
        ]
    )
    notify_deadline_reminders(items, hours=hours)
    return len(items)


def deadline_reminders_send(*, now=None, batch: int = SWEEP_BATCH) -> int:
    """Send each due reminder once, batch by batch; an item already inside the 2-hour window gets only that one."""
    now = now or timezone.now()
    sent = 0
    for hours, column in REMINDERS:
        while True:
            with transaction.atomic():
                count = _remind_batch(hours=hours, column=column, now=now, batch=batch)
            if count is None:
                break
            sent += count
    return sent
