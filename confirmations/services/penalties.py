"""Penalty decisions: an administrator drafts, a second administrator reviews, one publishes, one withdraws."""

from dataclasses import dataclass, fields
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.models import Case, Item
from confirmations.penalty_models import PenaltyDecision, PenaltyDecisionEvent
from portal.access import is_administrator
from portal.audit import audit_write
from portal.errors import Conflict, FieldErrors, Refused, required_text

S = PenaltyDecision.Status
TEXT_FIELDS = ("trader", "goods", "penalty")


@dataclass
class PenaltyText:
    """What a penalty decision publishes besides the right: number, date and the free texts in two languages."""

    number: str
    decided_on: date
    trader_en: str = ""
    trader_zh: str = ""
    goods_en: str = ""
    goods_zh: str = ""
    penalty_en: str = ""
    penalty_zh: str = ""


def confirmed_cases():
    """Return the cases with at least one item whose infringement customs confirmed."""
    return Case.objects.filter(items__status=Item.Status.CONFIRMED).distinct()


def _require_administrator(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied(_("Only the customs IPR department publishes penalty decisions."))


def _checked(text: PenaltyText, *, exclude_pk: int | None = None) -> dict:
    values = {f.name: getattr(text, f.name) for f in fields(text)}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    errors = {}
    if not values["number"]:
        errors["number"] = [_("Give the decision number.")]
    elif PenaltyDecision.objects.filter(number=values["number"]).exclude(pk=exclude_pk).exists():
        errors["number"] = [_("Another penalty decision already has this number.")]
    if values["decided_on"] > timezone.localdate():
        errors["decided_on"] = [_("The decision date cannot be in the future.")]
    for name in TEXT_FIELDS:
        if not values[f"{name}_en"] and not values[f"{name}_zh"]:
            errors[f"{name}_en"] = [_("Give this text in English, Chinese or both.")]
    if errors:
        raise FieldErrors(errors)
    return values


def _save(decision: PenaltyDecision) -> None:
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:
        raise FieldErrors({"number": [_("Another penalty decision already has this number.")]}) from exc


@transaction.atomic
def penalty_draft(*, admin, case_id: int, recordal_id: int, text: PenaltyText) -> PenaltyDecision:
    """Draft a penalty decision of a confirmed case, for the right of one of its confirmed items."""
    _require_administrator(admin)
    case = Case.objects.filter(pk=case_id).first()
    if case is None or not confirmed_cases().filter(pk=case_id).exists():
        raise Refused(_("Only a case whose infringement customs confirmed can carry a penalty decision."), field="case")
    item = (
        Item.objects.filter(case_id=case_id, recordal_id=recordal_id, status=Item.Status.CONFIRMED)
        .select_related("recordal")
        .first()
    )
    if item is None:
        raise Refused(_("Choose the right of one of the case's confirmed items."), field="recordal")
    recordal = item.recordal
    decision = PenaltyDecision(
        case=case,
        recordal=recordal,
        right_type=recordal.right_type,
        recordal_number=recordal.number or "",
        mark=recordal.title,
        drafted_by=admin,
        **_checked(text),
    )
    _save(decision)
    audit_write(
        PenaltyDecisionEvent,
        actor=admin,
        action="drafted",
        to_status=S.DRAFT,
        data={"case": case.pk},
        decision=decision,
    )
    return decision


def _locked(decision_id: int) -> PenaltyDecision:
    decision = PenaltyDecision.objects.select_for_update().filter(pk=decision_id).first()
    if decision is None:
        raise Refused(_("There is no such penalty decision."))
    return decision


def _move(decision: PenaltyDecision, *, admin, to: str, action: str, reason: str = "", **fields) -> PenaltyDecision:
    """Store the decision's new state and ``fields``, and write the event that says so."""
    was, decision.status = decision.status, to
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.save(update_fields=["status", *fields])
    audit_write(
        PenaltyDecisionEvent,
        actor=admin,
        action=action,
        from_status=was,
        to_status=to,
        reason=reason,
        decision=decision,
    )
    return decision


def _expect(decision: PenaltyDecision, *statuses: str) -> None:
    if decision.status not in statuses:
        raise Conflict(
            _("This decision is now “%(status)s”; the action was not applied.")
            % {"status": decision.get_status_display()}
        )


@transaction.atomic
def penalty_revise(*, admin, decision_id: int, text: PenaltyText) -> PenaltyDecision:
    """Correct a draft's texts; a decision under review or published is not edited in place."""
    _require_administrator(admin)
    decision = _locked(decision_id)
    _expect(decision, S.DRAFT)
    values = _checked(text, exclude_pk=decision.pk)
    before = {name: str(getattr(decision, name)) for name in values}
    for name, value in values.items():
        setattr(decision, name, value)
    _save(decision)
    changed = {name: before[name] for name, value in values.items() if before[name] != str(value)}
    audit_write(
        PenaltyDecisionEvent,
        actor=admin,
        action="revised",
        from_status=S.DRAFT,
        to_status=S.DRAFT,
        data={"before": changed},
        decision=decision,
    )
    return decision


@transaction.atomic
def penalty_review(*, admin, decision_id: int) -> PenaltyDecision:
    """Approve a draft for publication; the reviewer must be another administrator than the drafter."""
    _require_administrator(admin)
    decision = _locked(decision_id)
    _expect(decision, S.DRAFT)
    if decision.drafted_by_id == admin.pk:
        raise Refused(_("Another administrator must review this decision: you drafted it."))
    return _move(decision, admin=admin, to=S.REVIEWED, action="reviewed", reviewed_by=admin)


@transaction.atomic
def penalty_publish(*, admin, decision_id: int) -> PenaltyDecision:
    """Publish a reviewed decision: from now on anyone may read it in the public list."""
    _require_administrator(admin)
    decision = _locked(decision_id)
    _expect(decision, S.REVIEWED)
    return _move(decision, admin=admin, to=S.PUBLISHED, action="published", published_at=timezone.now())


@transaction.atomic
def penalty_withdraw(*, admin, decision_id: int, reason: str) -> PenaltyDecision:
    """Withdraw a published decision from the public list, saying why; the record and its history stay."""
    _require_administrator(admin)
    reason = required_text(reason, field="reason", message=_("Say why the decision is withdrawn."))
    decision = _locked(decision_id)
    _expect(decision, S.PUBLISHED)
    return _move(
        decision,
        admin=admin,
        to=S.WITHDRAWN,
        action="withdrawn",
        reason=reason,
        withdrawn_at=timezone.now(),
        withdrawal_reason=reason,
    )
