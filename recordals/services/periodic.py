"""Work done by the clock: expiring recordals at their end, reminding holders before it."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from portal.audit import audit_build, audit_write_many
from recordals import validity
from recordals.models import Recordal, RecordalEvent, RecordalReminder
from recordals.services.common import contacts_notify_many, today_local

REMINDER_TEMPLATE = "recordals/emails/expiry_reminder"
SWEEP_BATCH = 500


def recordals_expire_due(*, today: date | None = None, batch: int = SWEEP_BATCH) -> int:
    """Mark in-force recordals whose validity has ended as expired, batch by batch (rows another sweep holds are
    skipped; one update and one insert of events per batch); return how many."""
    today = today or today_local()
    due = Recordal.objects.filter(status__in=Recordal.IN_FORCE_STATUSES, valid_until__lt=today)
    expired = 0
    while True:
        with transaction.atomic():
            claimed = due.select_for_update(skip_locked=True).order_by("pk")
            rows = list(claimed.values_list("pk", "status", "valid_until")[:batch])
            if not rows:
                return expired
            now = timezone.now()
            due.filter(pk__in=[pk for pk, _status, _until in rows]).update(
                status=Recordal.Status.EXPIRED, renewal_requested_at=None, updated_at=now
            )
            audit_write_many(
                RecordalEvent,
                [
                    audit_build(
                        RecordalEvent,
                        recordal_id=pk,
                        actor=None,
                        action="expired",
                        from_status=old,
                        to_status=Recordal.Status.EXPIRED,
                        data={"valid_until": valid_until.isoformat()},
                        at=now,
                    )
                    for pk, old, valid_until in rows
                ],
            )
            expired += len(rows)


def reminder_due(recordal: Recordal, today: date) -> str:
    """Return the reminder kind due for the recordal today ('' when none)."""
    if recordal.valid_until is None or today > recordal.valid_until:
        return ""
    if today >= validity.add_months(recordal.valid_until, -1):
        return RecordalReminder.Kind.ONE_MONTH
    if today >= validity.renewal_window_start(recordal.valid_until):
        return RecordalReminder.Kind.SIX_MONTHS
    return ""


def _remind_batch(candidates, *, today: date, after: int, batch: int) -> tuple[int, int] | None:
    """Send the due reminders of the next batch of candidates (by id, past ``after``); return how many were sent
    and the last id seen, or None when no candidate is left. Rows another sweep holds are skipped."""
    recordals = list(candidates.filter(pk__gt=after).select_for_update(skip_locked=True, of=("self",))[:batch])
    if not recordals:
        return None
    kinds = {recordal.pk: reminder_due(recordal, today) for recordal in recordals}
    sent_before = set(
        RecordalReminder.objects.filter(recordal__in=list(kinds)).values_list("recordal_id", "kind", "valid_until")
    )
    due = [
        recordal
        for recordal in recordals
        if kinds[recordal.pk] and (recordal.pk, kinds[recordal.pk], recordal.valid_until) not in sent_before
    ]
    RecordalReminder.objects.bulk_create(
        RecordalReminder(recordal=recordal, kind=kinds[recordal.pk], valid_until=recordal.valid_until)
        for recordal in due
    )
    contacts_notify_many(
        recordals=due,
        kind="recordal_expiry_reminder",
        template=REMINDER_TEMPLATE,
        contexts={
            recordal.pk: {"reminder": kinds[recordal.pk], "renewal_opens_on": recordal.renewal_opens_on()}
            for recordal in due
        },
    )
    return len(due), recordals[-1].pk


def recordals_remind_expiry(*, today: date | None = None, batch: int = SWEEP_BATCH) -> int:
    """Remind holders six months and one month before their recordals end, each reminder once, batch by batch."""
    today = today or today_local()
    horizon = validity.add_months(today, validity.RENEWAL_WINDOW_MONTHS)
    candidates = (
        Recordal.objects.filter(status=Recordal.Status.APPROVED, valid_until__gte=today, valid_until__lte=horizon)
        .select_related("holder")
        .order_by("pk")
    )
    sent, after = 0, 0
    while True:
        with transaction.atomic():
            done = _remind_batch(candidates, today=today, after=after, batch=batch)
        if done is None:
            return sent
        count, after = done
        sent += count
