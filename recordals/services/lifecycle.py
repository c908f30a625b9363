"""The recordal's life: submission, review, renewal, cancellation."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.errors import Refused
from recordals import validity
from recordals.access import may_cancel, may_file, may_review
from recordals.models import Recordal, RightType
from recordals.services.common import contacts_notify, locked, recordal_move, require, today_local
from recordals.services.numbers import number_allocate

Status = Recordal.Status
DECISION_TEMPLATE = "recordals/emails/recordal_decided"


def _day(value) -> str:
    return date_format(value, "Y-m-d")


def _wrong_state(recordal, action) -> Refused:
    return Refused(
        _("This recordal is %(status)s; it cannot be %(action)s.")
        % {"status": recordal.get_status_display().lower(), "action": action}
    )


def submission_problems(recordal, *, today) -> list[str]:
    """Return what keeps a filing from being complete (empty when it may be submitted)."""
    problems = []
    if not recordal.title.strip() or not recordal.registration_number.strip():
        problems.append(_("Give the mark text or title and the registration number."))
    if recordal.right_type == RightType.TRADEMARK and not recordal.nice_classes:
        problems.append(_("A trademark recordal needs at least one Nice class."))
    if not recordal.goods.exists():
        problems.append(_("List at least one line of genuine goods."))
    if recordal.right_valid_until is not None and recordal.right_valid_until < today:
        problems.append(
            _("The right itself expired on %(day)s; only a right in force can be recorded.")
            % {"day": _day(recordal.right_valid_until)}
        )
    return problems


@transaction.atomic
def recordal_submit(*, actor, recordal):
    """Send a draft (or a rejected filing, corrected) to the administrators for review."""
    require(may_file(actor, recordal), _("You may not file for this holder."))
    row = locked(recordal)
    if not row.is_editable():
        raise _wrong_state(row, _("submitted"))
    problems = submission_problems(row, today=today_local())
    if problems:
        raise Refused(" ".join(str(p) for p in problems))
    return recordal_move(
        row, actor=actor, to=Status.SUBMITTED, action="submitted", submitted_at=timezone.now(), rejection_reason=""
    )


@transaction.atomic
def recordal_approve(*, actor, recordal):
    """Approve a submitted filing (issuing its number) or a requested renewal (extending it)."""
    require(may_review(actor), _("Only the customs IPR department reviews recordals."))
    row = locked(recordal)
    if row.status == Status.RENEWAL_REQUESTED:
        return _renewal_approve(actor=actor, row=row)
    if row.status != Status.SUBMITTED:
        raise _wrong_state(row, _("approved"))
    today = today_local()
    _require_right_in_force(row, today)
    valid_from, valid_until = validity.initial_validity(today, row.right_valid_until)
    number = number_allocate(prefix=row.number_prefix, year=today.year)
    recordal_move(
        row,
        actor=actor,
        to=Status.APPROVED,
        action="approved",
        data={"number": number, "valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat()},
        valid_from=valid_from,
        valid_until=valid_until,
        number=number,
        decided_at=timezone.now(),
    )
    contacts_notify(
        recordal=row, kind="recordal_approved", template=DECISION_TEMPLATE, context={"decision": "approved"}
    )
    return row


def _require_right_in_force(row, today) -> None:
    """Refuse approval unless the right is in force on the day of approval (Asia/Shanghai)."""
    field = row.right_not_in_force_on(today)
    if field == "right_valid_from":
        raise Refused(
            _("The right is valid only from %(day)s; a recordal is approved only for a right in force today.")
            % {"day": _day(row.right_valid_from)},
            field=field,
        )
    if field == "right_valid_until":
        raise Refused(
            _("The right itself expired on %(day)s; the recordal cannot be approved.")
            % {"day": _day(row.right_valid_until)},
            field=field,
        )


def _renewal_approve(*, actor, row):
    _require_right_in_force(row, today_local())
    old_until = row.valid_until
    new_until = validity.renewed_until(old_until, row.right_valid_until)
    recordal_move(
        row,
        actor=actor,
        to=Status.APPROVED,
        action="renewed",
        data={"old_valid_until": old_until.isoformat(), "new_valid_until": new_until.isoformat()},
        valid_until=new_until,
        renewal_count=row.renewal_count + 1,
        renewal_requested_at=None,
        decided_at=timezone.now(),
    )
    contacts_notify(recordal=row, kind="recordal_renewed", template=DECISION_TEMPLATE, context={"decision": "renewed"})
    return row


@transaction.atomic
def recordal_reject(*, actor, recordal, reason: str):
    """Reject a submitted filing, or refuse a requested renewal; a reason is required."""
    require(may_review(actor), _("Only the customs IPR department reviews recordals."))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Give the reason for the rejection."))
    row = locked(recordal)
    if row.status == Status.RENEWAL_REQUESTED:
        decision = "renewal_rejected"
        recordal_move(row, actor=actor, to=Status.APPROVED, action=decision, reason=reason, renewal_requested_at=None)
    elif row.status == Status.SUBMITTED:
        decision = "rejected"
        recordal_move(
            row,
            actor=actor,
            to=Status.REJECTED,
            action=decision,
            reason=reason,
            rejection_reason=reason,
            decided_at=timezone.now(),
        )
    else:
        raise _wrong_state(row, _("rejected"))
    contacts_notify(
        recordal=row,
        kind=f"recordal_{decision}",
        template=DECISION_TEMPLATE,
        context={"decision": decision, "reason": reason},
    )
    return row


@transaction.atomic
def recordal_renew(*, actor, recordal):
    """Request the renewal of an approved recordal, within the six months before it ends."""
    require(may_file(actor, recordal), _("You may not file for this holder."))
    row = locked(recordal)
    if row.status == Status.RENEWAL_REQUESTED:
        raise Refused(_("A renewal of this recordal is already awaiting review."))
    if row.status != Status.APPROVED:
        raise _wrong_state(row, _("renewed"))
    today = today_local()
    if not row.is_renewable(today):
        opens_on = row.renewal_opens_on()
        if today < opens_on:
            raise Refused(_("Renewal opens on %(day)s.") % {"day": _day(opens_on)})
        raise Refused(_("This recordal ended on %(day)s; file a new one.") % {"day": _day(row.valid_until)})
    if row.right_valid_until is not None and row.right_valid_until <= row.valid_until:
        raise Refused(
            _(
                "The right itself ends on %(day)s, so the recordal cannot run longer. If the right was renewed, "
                "request a modification of its validity first."
            )
            % {"day": _day(row.right_valid_until)}
        )
    return recordal_move(
        row, actor=actor, to=Status.RENEWAL_REQUESTED, action="renewal_requested", renewal_requested_at=timezone.now()
    )


@transaction.atomic
def recordal_cancel(*, actor, recordal, reason: str = ""):
    """Cancel a recordal in force, at its holder's request or by the administrators (with a reason)."""
    require(may_cancel(actor, recordal), _("You may not cancel this recordal."))
    reason = (reason or "").strip()
    if may_review(actor) and not reason:
        raise Refused(_("Give the reason for the cancellation."))
    row = locked(recordal)
    if row.status not in row.IN_FORCE_STATUSES:
        raise _wrong_state(row, _("cancelled"))
    recordal_move(row, actor=actor, to=Status.CANCELLED, action="cancelled", reason=reason, renewal_requested_at=None)
    contacts_notify(
        recordal=row,
        kind="recordal_cancelled",
        template=DECISION_TEMPLATE,
        context={"decision": "cancelled", "reason": reason},
    )
    return row
