"""The detention on the holder's application: the office finds the shipment and detains the goods; without a
court's assistance notice within 20 working days of detention the goods are released (Art 24(1))."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.evidence import event_record, events_record_entries
from confirmations.models import Case, Channel, DetentionRequest, DetentionRequestEvent, Direction, Item
from confirmations.request_access import may_review
from confirmations.services.common import case_close_if_done, cases_close_if_done, lock_case, lock_cases
from confirmations.services.request_notify import (
    notify_request_holder,
    notify_request_office,
    notify_requests_changed,
)
from portal.audit import audit_build, audit_write, audit_write_many
from portal.errors import FieldErrors, Refused
from portal.workdays.calendar import add_working_days

R = DetentionRequest.Status
S = Item.Status
COURT_NOTICE_WORKING_DAYS = 20
NO_COURT_NOTICE_REASON = _("no court's assistance notice within 20 working days of detention")
COUNTER_GUARANTEE_REASON = _("released against the consignee's counter-guarantee of the goods' value")
SWEEP_BATCH = 500
AWAITING_COURT = (S.DETAINED, S.NOT_CONFIRMED)


def _shipment_errors(shipment: dict) -> dict:
    errors = {}
    if shipment.get("channel") not in Channel.values:
        errors["channel"] = [_("Choose the channel the goods came through.")]
    if shipment.get("direction") not in Direction.values:
        errors["direction"] = [_("Choose import or export.")]
    if not (shipment.get("waybill_number") or "").strip():
        errors["waybill_number"] = [_("Give the waybill or declaration number of the shipment found.")]
    return errors


def _case_for(*, officer, request: DetentionRequest, case_id: int | None, shipment: dict | None, now) -> Case:
    """Return the open case of the officer's office to hold the goods: the one named, or a new one filed now."""
    if case_id is not None:
        case = Case.objects.filter(pk=case_id, office_id=request.office_id).first()
        if case is None:
            raise FieldErrors({"case": [_("Choose a case of your office.")]})
        case = lock_case(case.pk)
        if case.status != Case.Status.OPEN:
            raise FieldErrors({"case": [_("The case is closed; choose an open case or file a new one.")]})
        return case
    shipment = shipment or {}
    errors = _shipment_errors(shipment)
    if errors:
        raise FieldErrors(errors)
    case = Case.objects.create(
        office_id=request.office_id,
        filed_by=officer,
        committed_at=now,
        channel=shipment["channel"],
        direction=shipment["direction"],
        waybill_number=shipment["waybill_number"].strip(),
        consignor=request.consignor,
        consignee=request.consignee,
        declared_goods=request.goods[:500],
        quantity=request.quantity,
        declared_value=request.value,
        currency=request.currency,
        notes=str(_("Filed on the holder's application %(reference)s.") % {"reference": request.reference}),
    )
    lock_case(case.pk)
    event_record(case=case, action="case_filed", actor=officer, to_status=Case.Status.OPEN, data={"items": 1})
    return case


def _detained_item(*, request: DetentionRequest, case: Case, officer, now) -> Item:
    """Create the application's goods as an item of the case, detained at once, its bond the application's."""
    return Item.objects.create(
        case=case,
        office_id=case.office_id,
        recordal=request.recordal,
        holder_id=request.holder_id,
        description=request.goods,
        quantity=request.quantity,
        value=request.value,
        currency=request.currency,
        exchange_rate=request.exchange_rate,
        value_cny=request.value_cny,
        status=S.DETAINED,
        notified_at=now,
        deadline=now,
        bond_kind=Item.Bond.CASE,
        bond_amount_cny=request.bond_amount_cny,
        case_bond_received_at=request.bond_received_at,
        officer_action_by=officer,
        officer_action_at=now,
    )


@transaction.atomic
def detention_request_match(
    *, officer, request_id: int, case_id: int | None = None, shipment: dict | None = None
) -> DetentionRequest:
    """Detain the goods of an accepted, bonded application: in a case of the office (named, or filed now)."""
    request = DetentionRequest.objects.select_related("office").get(pk=request_id)
    if not may_review(officer, request):
        raise PermissionDenied(_("Only officers of the office the application is addressed to act on it."))
    now = timezone.now()
    case = _case_for(officer=officer, request=request, case_id=case_id, shipment=shipment, now=now)
    request = DetentionRequest.objects.select_for_update(of=("self",)).select_related("recordal").get(pk=request_id)
    if request.status != R.ACCEPTED:
        raise Refused(
            _("Only an accepted application is matched to a shipment (this one is “%(status)s”).")
            % {"status": request.get_status_display()}
        )
    if request.expires_at is not None and request.expires_at <= now:
        raise Refused(
            _(
                "This application expired at %(expiry)s: the shipment did not arrive in time, "
                "so nothing is detained on it."
            )
            % {"expiry": request.expires_at_label()}
        )
    if not request.bond_lodged():
        raise Refused(_("The bond is not lodged yet: customs detains the goods only once it is received."))
    item = _detained_item(request=request, case=case, officer=officer, now=now)
    due = add_working_days(now, COURT_NOTICE_WORKING_DAYS)
    DetentionRequest.objects.filter(pk=request.pk, status=R.ACCEPTED).update(
        status=R.DETAINED, item=item, detained_at=now, court_notice_due=due
    )
    request.refresh_from_db()
    event_record(
        case=case,
        item=item,
        action="request_detained",
        actor=officer,
        to_status=S.DETAINED,
        data={
            "request": request.reference,
            "recordal": request.recordal.number,
            "value_cny": request.value_cny,
            "bond_amount_cny": request.bond_amount_cny,
            "court_notice_due": due.isoformat(),
        },
    )
    audit_write(
        DetentionRequestEvent,
        actor=officer,
        action="detained",
        from_status=R.ACCEPTED,
        to_status=R.DETAINED,
        data={"case": case.pk, "item": item.pk, "court_notice_due": due.isoformat()},
        request=request,
    )
    notify_request_holder(request, message=_("the shipment was found and the goods are detained"))
    return request


def item_release_for_request(*, request: DetentionRequest, actor, action: str, reason) -> None:
    """Release the detained goods of a withdrawn application (inside the withdrawal's transaction)."""
    item = Item.objects.select_related("case").get(pk=request.item_id)
    if not Item.objects.filter(pk=item.pk, status=S.DETAINED).update(
        status=S.RELEASED, release_reason=str(reason), officer_action_at=timezone.now()
    ):
        return
    event_record(
        case=item.case,
        item=item,
        action=action,
        actor=actor,
        from_status=S.DETAINED,
        to_status=S.RELEASED,
        reason=str(reason),
        data={"request": request.reference},
    )
    notify_request_office(request, message=_("withdrawn by the holder; the goods are released"))
    case_close_if_done(item.case_id, actor)


def detention_request_follow_court(*, item: Item, officer) -> None:
    """Record on the item's application, if any, that a court's assistance notice now holds the goods."""
    request = DetentionRequest.objects.filter(item=item, status=R.DETAINED).first()
    if request is None:
        return
    DetentionRequest.objects.filter(pk=request.pk, status=R.DETAINED).update(status=R.COURT, closed_at=timezone.now())
    request.refresh_from_db()
    audit_write(
        DetentionRequestEvent,
        actor=officer,
        action="court_notice",
        from_status=R.DETAINED,
        to_status=R.COURT,
        request=request,
    )


def detention_request_follow_counter_guarantee(*, item: Item, officer, amount_cny) -> None:
    """Close the item's application, if any, as released: the consignee's counter-guarantee freed the goods."""
    related = ("holder", "office", "recordal")
    request = DetentionRequest.objects.filter(item=item, status=R.DETAINED).select_related(*related).first()
    if request is None:
        return
    reason = str(COUNTER_GUARANTEE_REASON)
    if not DetentionRequest.objects.filter(pk=request.pk, status=R.DETAINED).update(
        status=R.RELEASED, closed_at=timezone.now(), close_reason=reason
    ):
        return
    request.refresh_from_db()
    audit_write(
        DetentionRequestEvent,
        actor=officer,
        action="counter_guarantee",
        from_status=R.DETAINED,
        to_status=R.RELEASED,
        reason=reason,
        data={"case": item.case_id, "item": item.pk, "amount_cny": str(amount_cny)},
        request=request,
    )
    notify_request_holder(request, message=_("released against the consignee's counter-guarantee"), reason=reason)


def _record_released(requests: list[DetentionRequest], *, before: dict, reason: str) -> None:
    """Write the release of each claimed application's goods to the case chain and its own history; tell both sides."""
    events_record_entries(
        [
            {
                "case": request.item.case,
                "item": request.item,
                "action": "released_after_20_days",
                "from_status": before[request.item_id],
                "to_status": S.RELEASED,
                "reason": reason,
                "data": {
                    "request": request.reference,
                    "court_notice_due": request.court_notice_due.isoformat(),
                    "automatic": True,
                },
            }
            for request in requests
        ]
    )
    audit_write_many(
        DetentionRequestEvent,
        [
            audit_build(
                DetentionRequestEvent,
                actor=None,
                action="released",
                from_status=R.DETAINED,
                to_status=R.RELEASED,
                reason=reason,
                data={"automatic": True, "court_notice_due": request.court_notice_due.isoformat()},
                request=request,
            )
            for request in requests
        ],
    )
    message = _("released: no court's notice in time")
    notify_requests_changed(requests, message_for=lambda _request: message, reason=reason, to_office=True)


def detention_requests_release_due(*, now=None, batch: int = SWEEP_BATCH) -> int:
    """Release goods detained on a holder's application 20 working days without a court's notice; once each.

    Each batch is claimed with one guarded update (status and deadline), so overlapping sweeps never release
    goods twice and a sweep after downtime catches up.
    """
    now = now or timezone.now()
    released = 0
    while True:
        with transaction.atomic():
            due = DetentionRequest.objects.filter(
                status=R.DETAINED, court_notice_due__lte=now, item__status__in=AWAITING_COURT
            )
            rows = list(due.order_by("court_notice_due", "pk").values_list("pk", "item__case_id")[:batch])
            if not rows:
                return released
            lock_cases({case_id for _pk, case_id in rows})
            before = dict(due.filter(pk__in=[pk for pk, _case in rows]).values_list("item_id", "item__status"))
            token = uuid.uuid4().hex
            reason = str(NO_COURT_NOTICE_REASON)
            DetentionRequest.objects.filter(pk__in=[pk for pk, _case in rows], status=R.DETAINED).update(
                status=R.RELEASED, closed_at=now, close_reason=reason, sweep_claim=token
            )
            Item.objects.filter(detention_request__sweep_claim=token, status__in=AWAITING_COURT).update(
                status=S.RELEASED, release_reason=reason, officer_action_at=now, sweep_claim=token
            )
            requests = list(
                DetentionRequest.objects.filter(sweep_claim=token).select_related(
                    "holder", "office", "recordal", "item__case"
                )
            )
            _record_released(requests, before=before, reason=reason)
            cases_close_if_done({request.item.case_id for request in requests})
            released += len(requests)
