"""After detention: investigation reminders, disposal, the court's assistance notice and the 50-working-day release."""

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.access import may_act_as_officer
from confirmations.evidence import event_record, events_record_entries
from confirmations.models import CourtNotice, Disposal, Item
from confirmations.services.common import (
    case_close_if_done,
    cases_close_if_done,
    items_claim,
    items_claimed,
    lock_case,
    lock_cases,
    transition,
)
from confirmations.services.notify import notify_item_changed
from confirmations.services.notify_bulk import notify_investigations_due, notify_items_changed
from confirmations.services.request_detention import detention_request_follow_court
from portal.errors import FieldErrors, Refused
from portal.notices.params import Phrase
from portal.uploads import VerifiedPdf, random_name
from portal.workdays.calendar import add_working_days, local_date

S = Item.Status
REMINDER_WORKING_DAYS = 5
NO_COURT_NOTICE_REASON = _("no court's assistance notice within 50 working days of detention")
SWEEP_BATCH = 500
AWAITING_COURT = (S.DETAINED, S.NOT_CONFIRMED)


def _load_for_officer(officer, item_id: int) -> Item:
    item = Item.objects.select_related("case", "case__office", "recordal", "holder").get(pk=item_id)
    if not may_act_as_officer(officer, item.case):
        raise PermissionDenied(_("Only officers of the case's office act on its items."))
    lock_case(item.case_id)
    item.refresh_from_db()
    return item


@transaction.atomic
def item_dispose(*, officer, item_id: int, method: str, disposed_on: date, note: str = "") -> Disposal:
    """Record how confiscated goods (infringement confirmed) were disposed of, once."""
    if method not in Disposal.Method.values:
        raise FieldErrors({"method": [_("Choose how the goods were disposed of.")]})
    item = _load_for_officer(officer, item_id)
    if item.status != S.CONFIRMED:
        raise Refused(_("Only confiscated goods (infringement confirmed) are disposed of."))
    if Disposal.objects.filter(item=item).exists():
        raise Refused(_("The disposal of these goods is already recorded."))
    if disposed_on > local_date(timezone.now()):
        raise FieldErrors({"date": [_("The disposal date cannot be in the future.")]})
    disposal = Disposal.objects.create(
        item=item, method=method, disposed_on=disposed_on, note=note, recorded_by=officer, recorded_at=timezone.now()
    )
    event_record(
        case=item.case,
        item=item,
        action="disposed",
        actor=officer,
        from_status=item.status,
        to_status=item.status,
        data={"method": method, "date": disposed_on.isoformat(), "note": note},
    )
    notify_item_changed(
        item,
        message=Phrase(
            _("the confiscated goods were disposed of: %(method)s"), method=type(disposal).Method(disposal.method).label
        ),
    )
    return disposal


@transaction.atomic
def item_court_notice_record(
    *, officer, item_id: int, court: str, reference: str, issued_on: date, document: VerifiedPdf
) -> CourtNotice:
    """Record a court's assistance notice for detained goods; the goods then follow the court."""
    item = _load_for_officer(officer, item_id)
    if item.status not in AWAITING_COURT:
        raise Refused(
            _("A court's assistance notice is recorded for detained goods only (this item is “%(status)s”).")
            % {"status": item.get_status_display()}
        )
    if issued_on > local_date(timezone.now()):
        raise FieldErrors({"date": [_("The notice's date cannot be in the future.")]})
    now = timezone.now()
    old = item.status
    notice = CourtNotice(
        item=item,
        court=court,
        reference=reference,
        issued_on=issued_on,
        original_name=document.original_name,
        sha256=document.sha256,
        recorded_by=officer,
        recorded_at=now,
    )
    transition(item, old=(old,), new=S.COURT)
    notice.document.save(f"court-notices/{random_name('pdf')}", ContentFile(document.content), save=False)
    notice.save()
    event_record(
        case=item.case,
        item=item,
        action="court_notice",
        actor=officer,
        from_status=old,
        to_status=S.COURT,
        data={"court": court, "reference": reference, "date": issued_on.isoformat(), "sha256": document.sha256},
    )
    detention_request_follow_court(item=item, officer=officer)
    notify_item_changed(item, message=_("a court's assistance notice was recorded; the goods follow the court"))
    case_close_if_done(item.case_id, officer)
    return notice


def items_release_without_court_notice(*, now=None, batch: int = SWEEP_BATCH) -> int:
    """Release goods detained 50 working days without confirmed infringement or a court's notice; once each."""
    now = now or timezone.now()
    released = 0
    while True:
        with transaction.atomic():
            due = Item.objects.filter(status__in=AWAITING_COURT, release_due__lte=now)
            rows = list(due.order_by("release_due", "pk").values_list("pk", "status", "case_id")[:batch])
            if not rows:
                return released
            lock_cases({case_id for _pk, _status, case_id in rows})
            before = {pk: status for pk, status, _case in rows}
            token = uuid.uuid4().hex
            due.filter(pk__in=list(before)).update(
                status=S.RELEASED, release_reason=str(NO_COURT_NOTICE_REASON), officer_action_at=now, sweep_claim=token
            )
            items = items_claimed(token)
            events_record_entries(
                [
                    {
                        "case": item.case,
                        "item": item,
                        "action": "released_after_50_days",
                        "from_status": before[item.pk],
                        "to_status": S.RELEASED,
                        "reason": NO_COURT_NOTICE_REASON,
                        "data": {"release_due": item.release_due.isoformat(), "automatic": True},
                    }
                    for item in items
                ]
            )
            notify_items_changed(items, message=NO_COURT_NOTICE_REASON, to_officers=True)
            cases_close_if_done({item.case_id for item in items})
            released += len(items)


def investigation_reminders_send(*, now=None, batch: int = SWEEP_BATCH) -> int:
    """Remind officers, once, of detained goods whose investigation is due within 5 working days."""
    now = now or timezone.now()
    horizon = add_working_days(now, REMINDER_WORKING_DAYS)
    sent = 0
    while True:
        with transaction.atomic():
            due = Item.objects.filter(
                status=S.DETAINED,
                investigation_due__gt=now,
                investigation_due__lte=horizon,
                investigation_reminded_at__isnull=True,
            )
            items = items_claim(due, batch=batch, order="investigation_due", investigation_reminded_at=now)
            if items is None:
                return sent
            events_record_entries(
                [
                    {
                        "case": item.case,
                        "item": item,
                        "action": "investigation_reminder",
                        "from_status": item.status,
                        "to_status": item.status,
                        "data": {"investigation_due": item.investigation_due.isoformat()},
                    }
                    for item in items
                ]
            )
            notify_investigations_due(items)
            sent += len(items)
