"""Tips: a holder tells an office of a suspected shipment or trader (no legal effect, no bond); the office
marks each used (naming the case it filed) or not used, and the holder sees which."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.models import Case, Tip, TipEvent
from confirmations.request_access import may_handle_tip, recordals_invocable_by
from confirmations.services.request_notify import notify_tip_holder, notify_tip_office
from portal.access import Need, holders_acted_for, organization_of
from portal.accounts.models import Organization
from portal.audit import audit_write
from portal.errors import FieldErrors, Refused, required_text
from portal.workdays.calendar import local_date

T = Tip.Status


@dataclass
class TipInput:
    office_id: int
    subject: str
    details: str
    recordal_id: int | None = None
    holder_id: int | None = None
    identifiers: str = ""
    expected_arrival: date | None = None


def _holder_for(user, data: TipInput, recordal):
    """Return the holder the tip is sent for: the recordal's, the user's own, or the one an agent names."""
    if recordal is not None:
        return recordal.holder
    org = organization_of(user)
    if org is not None and org.kind == Organization.Kind.HOLDER:
        return org
    if data.holder_id is not None:
        return holders_acted_for(user, Need.FILE).filter(pk=data.holder_id).first()
    return None


@transaction.atomic
def tip_send(*, user, data: TipInput) -> Tip:
    """Send a tip to an office, for the holder the user works or files for."""
    errors = {}
    recordal = None
    if data.recordal_id is not None:
        recordal = recordals_invocable_by(user).select_related("holder").filter(pk=data.recordal_id).first()
        if recordal is None:
            errors["recordal"] = [_("Choose one of the recordals you may file for, or none.")]
    holder = _holder_for(user, data, recordal)
    if holder is None and "recordal" not in errors:
        if organization_of(user) is None or organization_of(user).kind != Organization.Kind.AGENT:
            raise PermissionDenied(_("Only a holder, or its agent with the right to file, sends tips."))
        errors["holder"] = [_("Name the holder you send the tip for (one that lets you file for all its recordals).")]
    office = Organization.objects.filter(pk=data.office_id, kind=Organization.Kind.OFFICE, is_active=True).first()
    if office is None:
        errors["office"] = [_("Choose the customs office to tell.")]
    if data.expected_arrival is not None and data.expected_arrival < local_date(timezone.now()):
        errors["expected_arrival"] = [_("The expected arrival is in the past; leave it empty if unknown.")]
    if errors:
        raise FieldErrors(errors)
    tip = Tip.objects.create(
        holder=holder,
        recordal=recordal,
        office=office,
        submitted_by=user,
        subject=data.subject,
        identifiers=data.identifiers,
        expected_arrival=data.expected_arrival,
        details=data.details,
        submitted_at=timezone.now(),
    )
    audit_write(TipEvent, actor=user, action="sent", to_status=T.NEW, tip=tip)
    notify_tip_office(tip)
    return tip


def _for_officer(officer, tip_id: int) -> Tip:
    tip = Tip.objects.select_for_update(of=("self",)).select_related("holder", "office").get(pk=tip_id)
    if not may_handle_tip(officer, tip):
        raise PermissionDenied(_("Only officers of the office the tip was sent to handle it."))
    if tip.status != T.NEW:
        raise Refused(_("This tip is already handled (%(status)s).") % {"status": tip.get_status_display()})
    return tip


@transaction.atomic
def tip_mark_used(*, officer, tip_id: int, case_id: int, note: str = "") -> Tip:
    """Mark the tip used, naming the case of the officer's office it led to."""
    tip = _for_officer(officer, tip_id)
    case = Case.objects.filter(pk=case_id, office_id=tip.office_id).first() if case_id else None
    if case is None:
        raise FieldErrors({"case": [_("Name the case of your office that the tip led to.")]})
    Tip.objects.filter(pk=tip.pk, status=T.NEW).update(
        status=T.USED, case=case, outcome_note=note, handled_by=officer, handled_at=timezone.now()
    )
    tip.refresh_from_db()
    audit_write(
        TipEvent,
        actor=officer,
        action="used",
        from_status=T.NEW,
        to_status=T.USED,
        reason=note,
        data={"case": case.pk},
        tip=tip,
    )
    notify_tip_holder(tip)
    return tip


@transaction.atomic
def tip_mark_not_used(*, officer, tip_id: int, note: str) -> Tip:
    """Mark the tip not used, with a note the holder sees."""
    required_text(note, field="note", message=_("Say why the tip was not used."))
    tip = _for_officer(officer, tip_id)
    Tip.objects.filter(pk=tip.pk, status=T.NEW).update(
        status=T.NOT_USED, outcome_note=note, handled_by=officer, handled_at=timezone.now()
    )
    tip.refresh_from_db()
    audit_write(
        TipEvent, actor=officer, action="not_used", from_status=T.NEW, to_status=T.NOT_USED, reason=note, tip=tip
    )
    notify_tip_holder(tip)
    return tip
