"""The holder's application for detention of a shipment it knows about (Arts 12-15): submit, review,
bond, withdrawal."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.bonds import rate_to_cny, to_cny
from confirmations.models import DetentionRequest, DetentionRequestEvent, DetentionRequestFile, Item
from confirmations.request_access import may_act_for_request, may_review, recordals_invocable_by
from confirmations.services.common import lock_case
from confirmations.services.filing import MAX_QUANTITY, MAX_VALUE, MAX_VALUE_CNY
from confirmations.services.request_detention import item_release_for_request
from confirmations.services.request_expiry import request_expiry_due
from confirmations.services.request_notify import notify_request_holder, notify_request_office
from portal.access import is_holder_side
from portal.accounts.models import Organization
from portal.audit import audit_write
from portal.errors import FieldErrors, Refused, required_text
from portal.uploads import VerifiedImage, VerifiedPdf, random_name
from portal.validators import validate_currency_code
from portal.workdays.calendar import add_working_days, local_date

R = DetentionRequest.Status
MAX_FILES = 10
WITHDRAWN_RELEASE = _("the holder withdrew its application for detention")


@dataclass
class RequestInput:
    """What the holder states about the shipment and its goods."""

    recordal_id: int
    office_id: int
    goods: str
    quantity: int
    value: Decimal
    currency: str
    expected_port: str
    expected_from: date
    expected_until: date
    evidence_summary: str
    consignor: str = ""
    consignee: str = ""
    waybill_number: str = ""
    container_number: str = ""
    declaration_number: str = ""


def review_working_days() -> int:
    """The working days an office has to review an application (``PORTAL_DETENTION_REQUEST_REVIEW_DAYS``)."""
    return settings.PORTAL_DETENTION_REQUEST_REVIEW_DAYS


def _input_errors(user, data: RequestInput, today: date) -> tuple[dict, dict]:
    """Return the refusals of the input per field, and what was resolved (recordal, office, rate)."""
    errors, found = {}, {}
    recordal = recordals_invocable_by(user).select_related("holder").filter(pk=data.recordal_id).first()
    if recordal is None or not recordal.is_in_force(today):
        errors["recordal"] = [_("Choose an approved recordal in force that you may file for.")]
    found["recordal"] = recordal
    office = Organization.objects.filter(pk=data.office_id, kind=Organization.Kind.OFFICE, is_active=True).first()
    if office is None:
        errors["office"] = [_("Choose the customs office the shipment is expected at.")]
    found["office"] = office
    if not 1 <= data.quantity <= MAX_QUANTITY:
        errors["quantity"] = [_("Give a quantity between 1 and %(max)s.") % {"max": MAX_QUANTITY}]
    if not Decimal(0) < Decimal(data.value) <= MAX_VALUE:
        errors["value"] = [_("Give the goods' value: more than 0 and at most %(max)s.") % {"max": MAX_VALUE}]
    if data.expected_until < data.expected_from:
        errors["expected_until"] = [_("The end of the expected window comes before its start.")]
    elif data.expected_until < today:
        errors["expected_until"] = [_("The expected window is over; give dates still to come.")]
    if not (data.waybill_number or data.container_number or data.declaration_number or data.consignor):
        errors["waybill_number"] = [
            _("Give at least one way to find the shipment: waybill, container or declaration number, or consignor.")
        ]
    try:
        currency = (data.currency or "CNY").strip().upper()
        validate_currency_code(currency)
        found["rate"] = rate_to_cny(currency, today)
        found["currency"] = currency
    except ValidationError as exc:
        errors["currency"] = exc.messages
    if "rate" in found and "value" not in errors and to_cny(data.value, found["rate"]) > MAX_VALUE_CNY:
        errors["value"] = [_("The value in CNY is too large to record.")]
    return errors, found


def _store_files(request: DetentionRequest, files: list, stored: list) -> list[dict]:
    now = timezone.now()
    for verified in files:
        image = isinstance(verified, VerifiedImage)
        row = DetentionRequestFile(
            request=request,
            kind=DetentionRequestFile.Kind.IMAGE if image else DetentionRequestFile.Kind.DOCUMENT,
            content_type=verified.content_type if image else "application/pdf",
            original_name=verified.original_name,
            sha256=verified.sha256,
            uploaded_at=now,
        )
        extension = verified.extension if image else "pdf"
        row.file.save(f"detention-requests/{request.pk}/{random_name(extension)}", ContentFile(verified.content))
        stored.append(row)
    return [{"name": row.original_name, "sha256": row.sha256, "kind": row.kind} for row in stored]


def detention_request_submit(
    *, user, data: RequestInput, files: list[VerifiedPdf | VerifiedImage] = ()
) -> DetentionRequest:
    """Submit the holder's application to an office; the bond equals the goods' value in CNY."""
    if not is_holder_side(user):
        raise PermissionDenied(_("Only a holder, or its agent with the right to file, applies for detention."))
    stored: list[DetentionRequestFile] = []
    try:
        return _submit(user=user, data=data, files=list(files), stored=stored)
    except BaseException:
        for row in stored:
            row.file.storage.delete(row.file.name)
        raise


@transaction.atomic
def _submit(*, user, data: RequestInput, files: list, stored: list) -> DetentionRequest:
    now = timezone.now()
    errors, found = _input_errors(user, data, local_date(now))
    if len(files) > MAX_FILES:
        errors["files"] = [_("Attach at most %(max)s files.") % {"max": MAX_FILES}]
    if errors:
        raise FieldErrors(errors)
    recordal = found["recordal"]
    value_cny = to_cny(data.value, found["rate"])
    request = DetentionRequest.objects.create(
        holder=recordal.holder,
        recordal=recordal,
        office=found["office"],
        submitted_by=user,
        goods=data.goods,
        quantity=data.quantity,
        consignor=data.consignor,
        consignee=data.consignee,
        waybill_number=data.waybill_number,
        container_number=data.container_number,
        declaration_number=data.declaration_number,
        expected_port=data.expected_port,
        expected_from=data.expected_from,
        expected_until=data.expected_until,
        evidence_summary=data.evidence_summary,
        value=data.value,
        currency=found["currency"],
        exchange_rate=found["rate"],
        value_cny=value_cny,
        bond_amount_cny=value_cny,
        submitted_at=now,
        review_due=add_working_days(now, review_working_days()),
    )
    evidence = _store_files(request, files, stored)
    audit_write(
        DetentionRequestEvent,
        actor=user,
        action="submitted",
        to_status=R.SUBMITTED,
        data={
            "value": str(request.value),
            "currency": request.currency,
            "rate": str(request.exchange_rate),
            "bond_amount_cny": str(request.bond_amount_cny),
            "review_due": request.review_due.isoformat(),
            "files": evidence,
        },
        request=request,
    )
    notify_request_office(request)
    return request


def _lock(request_id: int) -> DetentionRequest:
    return (
        DetentionRequest.objects.select_for_update(of=("self",))
        .select_related("holder", "office", "recordal")
        .get(pk=request_id)
    )


def _move(
    request: DetentionRequest,
    *,
    actor,
    action: str,
    old: tuple,
    new: str,
    reason: str = "",
    data: dict | None = None,
    **fields,
) -> str:
    """Move the (locked) request from one of ``old`` to ``new`` and write the event ``action``; refuse, naming its
    state, when it is elsewhere. Return the state it left."""
    was = request.status
    if not DetentionRequest.objects.filter(pk=request.pk, status__in=old).update(status=new, **fields):
        raise Refused(
            _("This application is “%(status)s”; the action was not applied.")
            % {"status": request.get_status_display()}
        )
    request.refresh_from_db()
    audit_write(
        DetentionRequestEvent,
        actor=actor,
        action=action,
        from_status=was,
        to_status=new,
        reason=reason,
        data=data,
        request=request,
    )
    return was


def _for_officer(officer, request_id: int) -> DetentionRequest:
    request = _lock(request_id)
    if not may_review(officer, request):
        raise PermissionDenied(_("Only officers of the office the application is addressed to act on it."))
    return request


@transaction.atomic
def detention_request_evidence_add(*, user, request_id: int, files: list) -> DetentionRequest:
    """Add evidence to an application still open, for the holder side."""
    request = _lock(request_id)
    if not may_act_for_request(user, request):
        raise PermissionDenied(_("Only the holder's people who may file add evidence."))
    if request.status not in DetentionRequest.OPEN_STATUSES:
        raise Refused(_("The application is closed; no evidence can be added."))
    if not files or request.files.count() + len(files) > MAX_FILES:
        raise FieldErrors({"file": [_("Attach at most %(max)s files.") % {"max": MAX_FILES}]})
    stored: list = []
    try:
        evidence = _store_files(request, files, stored)
        audit_write(
            DetentionRequestEvent,
            actor=user,
            action="evidence_added",
            from_status=request.status,
            to_status=request.status,
            data={"files": evidence},
            request=request,
        )
    except BaseException:
        for row in stored:
            row.file.storage.delete(row.file.name)
        raise
    return request


@transaction.atomic
def detention_request_accept(*, officer, request_id: int) -> DetentionRequest:
    """Accept the application (officer of its office); the holder then lodges the bond."""
    request = _for_officer(officer, request_id)
    expires_at = request_expiry_due(expected_from=request.expected_from, expected_until=request.expected_until)
    _move(
        request,
        actor=officer,
        action="accepted",
        old=(R.SUBMITTED,),
        new=R.ACCEPTED,
        data={"expires_at": expires_at.isoformat()},
        decided_at=timezone.now(),
        decided_by=officer,
        expires_at=expires_at,
    )
    notify_request_holder(request, message=_("accepted; lodge the bond so the goods can be detained on arrival"))
    return request


@transaction.atomic
def detention_request_refuse(*, officer, request_id: int, reason: str) -> DetentionRequest:
    """Refuse the application, with the reason the holder is told."""
    required_text(reason, field="reason", message=_("Say why the application is refused."))
    request = _for_officer(officer, request_id)
    now = timezone.now()
    _move(
        request,
        actor=officer,
        action="refused",
        old=(R.SUBMITTED,),
        new=R.REFUSED,
        reason=reason,
        decided_at=now,
        decided_by=officer,
        refusal_reason=reason,
        closed_at=now,
    )
    notify_request_holder(request, message=_("refused"), reason=reason)
    return request


@transaction.atomic
def detention_request_bond_receive(*, officer, request_id: int) -> DetentionRequest:
    """Record that the holder lodged the bond (equal to the goods' value) of an accepted application."""
    request = _for_officer(officer, request_id)
    if request.bond_lodged():
        raise Refused(_("The bond of this application is already recorded as received."))
    _move(
        request,
        actor=officer,
        action="bond_received",
        old=(R.ACCEPTED,),
        new=R.ACCEPTED,
        data={"bond_amount_cny": str(request.bond_amount_cny)},
        bond_received_at=timezone.now(),
        bond_received_by=officer,
    )
    notify_request_holder(request, message=_("the bond is recorded as received"))
    return request


@transaction.atomic
def detention_request_withdraw(*, user, request_id: int, reason: str) -> DetentionRequest:
    """Withdraw the application (holder side); goods already detained on it are released."""
    required_text(reason, field="reason", message=_("Say why the application is withdrawn."))
    request = DetentionRequest.objects.get(pk=request_id)
    if not may_act_for_request(user, request):
        raise PermissionDenied(_("Only the holder's people who may file withdraw its applications."))
    if request.item_id is not None:
        lock_case(Item.objects.values_list("case_id", flat=True).get(pk=request.item_id))
    request = _lock(request_id)
    # Nothing detained on it: a lodged bond goes back (``bond_to_return`` once withdrawn).
    returning = request.bond_lodged() and request.item_id is None
    old = _move(
        request,
        actor=user,
        action="withdrawn",
        old=DetentionRequest.OPEN_STATUSES,
        new=R.WITHDRAWN,
        reason=reason,
        data={"bond_to_return_cny": str(request.bond_amount_cny) if returning else None},
        closed_at=timezone.now(),
        close_reason=reason,
    )
    if old == R.DETAINED:
        item_release_for_request(request=request, actor=user, action="request_withdrawn", reason=WITHDRAWN_RELEASE)
    elif request.bond_to_return():
        notify_request_office(
            request, message=_("withdrawn by the holder; its lodged bond is to be returned"), reason=reason
        )
    else:
        notify_request_office(request, message=_("withdrawn by the holder"), reason=reason)
    return request
