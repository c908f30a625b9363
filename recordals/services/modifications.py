"""Modification requests: changes to an approved recordal's recorded facts, reviewed before they apply."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from portal.audit import audit_write
from portal.errors import Refused
from recordals.access import may_file, may_review
from recordals.models import Modification, Recordal, RecordalEvent
from recordals.services.common import contacts_notify, locked, require
from recordals.validators import nice_classes_parse

DECISION_TEMPLATE = "recordals/emails/recordal_decided"


def _end_date(recordal: Recordal, value) -> str:
    try:
        day = value if isinstance(value, date) else parse_date(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        raise Refused(_("Give the right's new end date as YYYY-MM-DD."))
    if day < recordal.right_valid_from:
        raise Refused(_("The right cannot end before it starts."))
    return day.isoformat()


def _nice_classes(value) -> list[int]:
    try:
        if not isinstance(value, list | tuple) or not value:
            raise ValidationError(_("Nice classes are whole numbers from 1 to 45."))
        return nice_classes_parse(value)
    except ValidationError as error:
        raise Refused(error.messages[0])


def _clean_changes(recordal: Recordal, changes: dict) -> dict:
    """Return the changes as JSON values, refusing unknown fields, wrong types and values that change nothing."""
    unknown = sorted(set(changes) - set(Modification.FIELDS))
    if unknown:
        raise Refused(_("These fields cannot be modified: %(fields)s.") % {"fields": ", ".join(unknown)})
    clean = {}
    for name, value in changes.items():
        if name == "right_valid_until":
            value = _end_date(recordal, value)
        elif name == "nice_classes":
            value = _nice_classes(value)
        elif value is None or isinstance(value, str):
            value = value or ""
        else:
            raise Refused(_("%(field)s must be text.") % {"field": Recordal._meta.get_field(name).verbose_name})
        current = getattr(recordal, name)
        if (current.isoformat() if isinstance(current, date) else current) != value:
            clean[name] = value
    if not clean:
        raise Refused(_("The request changes nothing."))
    return clean


@transaction.atomic
def modification_request(*, actor, recordal, changes: dict, explanation: str = "") -> Modification:
    """Ask the administrators to change recorded facts of a recordal in force."""
    require(may_file(actor, recordal), _("You may not file for this holder."))
    row = locked(recordal)
    if row.status not in row.IN_FORCE_STATUSES:
        raise Refused(_("Only a recordal in force can be modified."))
    clean = _clean_changes(row, changes)
    try:
        with transaction.atomic():
            modification = Modification.objects.create(
                recordal=row, requested_by=actor, changes=clean, explanation=(explanation or "").strip()
            )
    except IntegrityError:
        raise Refused(_("A modification of this recordal is already awaiting review."))
    audit_write(
        RecordalEvent,
        recordal=row,
        actor=actor,
        action="modification_requested",
        from_status=row.status,
        to_status=row.status,
        reason=modification.explanation,
        data={"modification": modification.pk, "changes": clean},
    )
    return modification


def _locked_pending(modification: Modification) -> Modification:
    row = Modification.objects.select_for_update().get(pk=modification.pk)
    if row.status != Modification.Status.PENDING:
        raise Refused(_("This modification request was already decided."))
    return row


@transaction.atomic
def modification_approve(*, actor, modification: Modification) -> Modification:
    """Apply a pending modification, recording each field's old and new value."""
    require(may_review(actor), _("Only the customs IPR department reviews modifications."))
    recordal = locked(modification.recordal)
    row = _locked_pending(modification)
    diff = {}
    for name, value in row.changes.items():
        new = parse_date(value) if name == "right_valid_until" else value
        old = getattr(recordal, name)
        diff[name] = {"old": old.isoformat() if isinstance(old, date) else old, "new": value}
        setattr(recordal, name, new)
    if (
        recordal.right_valid_until is not None
        and recordal.valid_until
        and recordal.valid_until > recordal.right_valid_until
    ):
        diff["valid_until"] = {"old": recordal.valid_until.isoformat(), "new": recordal.right_valid_until.isoformat()}
        recordal.valid_until = recordal.right_valid_until
    recordal.save()
    return _review_record(
        row, actor=actor, recordal=recordal, status=Modification.Status.APPROVED, data={"changes": diff}
    )


@transaction.atomic
def modification_reject(*, actor, modification: Modification, reason: str) -> Modification:
    """Refuse a pending modification, with a reason."""
    require(may_review(actor), _("Only the customs IPR department reviews modifications."))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Give the reason for the rejection."))
    recordal = locked(modification.recordal)
    row = _locked_pending(modification)
    return _review_record(row, actor=actor, recordal=recordal, status=Modification.Status.REJECTED, reason=reason)


def _review_record(
    row: Modification, *, actor, recordal: Recordal, status: str, reason: str = "", data: dict | None = None
) -> Modification:
    """Store the review of the (locked) modification, write it on the recordal's history and tell its contacts."""
    row.status, row.reviewed_by, row.reviewed_at = status, actor, timezone.now()
    fields = ["status", "reviewed_by", "reviewed_at"]
    if reason:
        row.reason = reason
        fields.append("reason")
    row.save(update_fields=fields)
    decision = f"modification_{status}"
    audit_write(
        RecordalEvent,
        recordal=recordal,
        actor=actor,
        action=decision,
        from_status=recordal.status,
        to_status=recordal.status,
        reason=reason,
        data={"modification": row.pk, **(data or {})},
    )
    contacts_notify(
        recordal=recordal,
        kind=f"recordal_{decision}",
        template=DECISION_TEMPLATE,
        context={"decision": decision, **({"reason": reason} if reason else {})},
    )
    return row
