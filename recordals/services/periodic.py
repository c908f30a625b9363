"""Work done by the clock: expiring recordals at their end, reminding holders before it."""

from datetime import date

from django.db import IntegrityError, transaction

from recordals import validity
from recordals.models import Recordal, RecordalReminder
from recordals.services.common import contacts_notify, recordal_move, today_local

REMINDER_TEMPLATE = "recordals/emails/expiry_reminder"


def recordals_expire_due(*, today: date | None = None) -> int:
    """Mark in-force recordals whose validity has ended as expired; return how many."""
    today = today or today_local()
    due = Recordal.objects.filter(status__in=Recordal.IN_FORCE_STATUSES, valid_until__lt=today)
    expired = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            row = (
                Recordal.objects.select_for_update()
                .filter(pk=pk, status__in=Recordal.IN_FORCE_STATUSES, valid_until__lt=today)
                .first()
            )
            if row is None:
                continue
            recordal_move(
                row,
                actor=None,
                to=Recordal.Status.EXPIRED,
                action="expired",
                data={"valid_until": row.valid_until.isoformat()},
                renewal_requested_at=None,
            )
            expired += 1
    return expired


def reminder_due(recordal: Recordal, today: date) -> str:
    """Return the reminder kind due for the recordal today ('' when none)."""
    if recordal.valid_until is None or today > recordal.valid_until:
        return ""
    if today >= validity.add_months(recordal.valid_until, -1):
        return RecordalReminder.Kind.ONE_MONTH
    if today >= validity.renewal_window_start(recordal.valid_until):
        return RecordalReminder.Kind.SIX_MONTHS
    return ""


def recordals_remind_expiry(*, today: date | None = None) -> int:
    """Remind holders six months and one month before their recordals end, each reminder once."""
    today = today or today_local()
    horizon = validity.add_months(today, validity.RENEWAL_WINDOW_MONTHS)
    candidates = Recordal.objects.filter(
        status=Recordal.Status.APPROVED, valid_until__gte=today, valid_until__lte=horizon
    ).select_related("holder")
    sent = 0
    for recordal in candidates:
        kind = reminder_due(recordal, today)
        if not kind:
            continue
        try:
            with transaction.atomic():
                RecordalReminder.objects.create(recordal=recordal, kind=kind, valid_until=recordal.valid_until)
                contacts_notify(
                    recordal=recordal,
                    kind="recordal_expiry_reminder",
                    template=REMINDER_TEMPLATE,
                    context={"reminder": kind, "renewal_opens_on": recordal.renewal_opens_on()},
                )
        except IntegrityError:
            continue
        sent += 1
    return sent
