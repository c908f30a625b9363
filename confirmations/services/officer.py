"""The officer's actions after the holder's answer: bond received, detain, release, investigation."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from confirmations.access import may_act_as_officer
from confirmations.evidence import event_record
from confirmations.models import DetentionRequest, Item
from confirmations.services.common import case_close_if_done, lock_case, transition
from confirmations.services.consignee import consignee_links_issue
from confirmations.services.detention import application_bond_receive
from confirmations.services.notify import notify_item_changed
from confirmations.services.request_detention import detention_request_follow_counter_guarantee
from confirmations.services.watchlist import watchlist_propose
from portal.errors import FieldErrors, Refused
from portal.workdays.calendar import add_working_days, deadline_display_date

INVESTIGATION_WORKING_DAYS = 30
RELEASE_WORKING_DAYS = 50
S = Item.Status


def _load_for_officer(officer, item_id: int) -> Item:
    item = Item.objects.select_related("case", "case__office", "recordal", "holder").get(pk=item_id)
    if not may_act_as_officer(officer, item.case):
        raise PermissionDenied(_("Only officers of the case's office act on its items."))
    lock_case(item.case_id)
    return item


@transaction.atomic
def item_case_bond_receive(*, officer, item_id: int) -> Item:
    """Record that the holder's case bond was received, so the goods may be detained.

    An item of a detention application records the application's bond (all its items at once).
    """
    application_id = Item.objects.filter(pk=item_id).values_list("application_id", flat=True).first()
    if application_id is not None:
        item = _load_for_officer(officer, item_id)
        application_bond_receive(officer=officer, application_id=application_id)
        item.refresh_from_db()
        return item
    item = _load_for_officer(officer, item_id)
    now = timezone.now()
    changed = Item.objects.filter(
        pk=item.pk, status=S.INFRINGING, bond_kind=Item.Bond.CASE, case_bond_received_at__isnull=True
    ).update(case_bond_received_at=now)
    if not changed:
        raise Refused(_("Only a case bond still awaited for an item to detain can be recorded as received."))
    item.refresh_from_db()
    event_record(
        case=item.case, item=item, action="case_bond_received", actor=officer, data={"amount": item.bond_amount_cny}
    )
    return item


@transaction.atomic
def item_detain(*, officer, item_id: int) -> Item:
    """Detain goods the holder confirmed as infringing, once the bond is secured."""
    item = _load_for_officer(officer, item_id)
    if item.status != S.INFRINGING:
        raise Refused(
            _("Only goods the holder confirmed as infringing can be detained (this item is “%(status)s”).")
            % {"status": item.get_status_display()}
        )
    if not item.bond_secured():
        raise Refused(_("The bond is not secured: record the case bond as received before detaining."))
    now = timezone.now()
    transition(
        item,
        old=(S.INFRINGING,),
        new=S.DETAINED,
        officer_action_by=officer,
        officer_action_at=now,
        investigation_due=add_working_days(now, INVESTIGATION_WORKING_DAYS),
        release_due=add_working_days(now, RELEASE_WORKING_DAYS),
    )
    event_record(
        case=item.case,
        item=item,
        action="detained",
        actor=officer,
        from_status=S.INFRINGING,
        to_status=S.DETAINED,
        data={"bond": item.bond_kind, "general_bond": item.general_bond_id, "bond_amount_cny": item.bond_amount_cny},
    )
    consignee_links_issue(case=item.case, actor=officer)
    notify_item_changed(item, message=_("The goods were detained"))
    return item


@transaction.atomic
def item_release(*, officer, item_id: int, reason: str = "") -> Item:
    """Release goods the holder cleared (or confirmed without securing a bond)."""
    item = _load_for_officer(officer, item_id)
    old = item.status
    if old not in (S.NOT_INFRINGING, S.INFRINGING):
        raise Refused(
            _("Goods can be released only after the holder's answer (this item is “%(status)s”).")
            % {"status": item.get_status_display()}
        )
    transition(item, old=(old,), new=S.RELEASED, officer_action_by=officer, officer_action_at=timezone.now())
    event_record(
        case=item.case,
        item=item,
        action="released",
        actor=officer,
        from_status=old,
        to_status=S.RELEASED,
        reason=reason,
    )
    notify_item_changed(item, message=_("The goods were released"))
    case_close_if_done(item.case_id, officer)
    return item


@transaction.atomic
def item_investigation_record(*, officer, item_id: int, result: str, note: str = "") -> Item:
    """Record the result of the investigation of detained goods."""
    if result not in (S.CONFIRMED, S.NOT_CONFIRMED):
        raise FieldErrors({"result": [_("Choose “confirmed” or “not_confirmed”.")]})
    item = _load_for_officer(officer, item_id)
    if item.status != S.DETAINED:
        raise Refused(_("Only detained goods have an investigation result."))
    if DetentionRequest.objects.filter(item_id=item.pk).exists():
        raise Refused(
            _("Goods detained on the holder's application are not investigated: the holder brings a court's notice.")
        )
    transition(item, old=(S.DETAINED,), new=result, investigation_at=timezone.now(), investigation_note=note)
    event_record(
        case=item.case,
        item=item,
        action="investigation",
        actor=officer,
        from_status=S.DETAINED,
        to_status=result,
        data={"note": note},
    )
    if result == S.NOT_CONFIRMED:
        message = _(
            "customs could not confirm the infringement; the goods stay detained until %(day)s, 24:00: bring a "
            "court's assistance notice by then, or they are released"
        ) % {"day": date_format(deadline_display_date(item.release_due), "DATE_FORMAT")}
        notify_item_changed(item, message=message)
    else:
        notify_item_changed(item, message=Item.Status(item.status).label)
        watchlist_propose(actor=officer, item=item)
    case_close_if_done(item.case_id, officer)
    return item


@transaction.atomic
def item_counter_guarantee_release(*, officer, item_id: int, amount_cny: Decimal) -> Item:
    """Release detained patent goods against the consignee's counter-guarantee of the goods' value."""
    item = _load_for_officer(officer, item_id)
    if not item.is_patent:
        raise Refused(_("Release against a counter-guarantee applies to patent items only."))
    if item.status != S.DETAINED:
        raise Refused(_("Only detained goods can be released against a counter-guarantee."))
    if amount_cny is None or Decimal(amount_cny) < item.value_cny:
        raise FieldErrors(
            {
                "amount_cny": [
                    _("The counter-guarantee must equal the goods' value (%(value)s CNY).") % {"value": item.value_cny}
                ]
            }
        )
    transition(
        item,
        old=(S.DETAINED,),
        new=S.COUNTER_GUARANTEE,
        counter_guarantee_cny=amount_cny,
        investigation_at=timezone.now(),
    )
    event_record(
        case=item.case,
        item=item,
        action="counter_guarantee",
        actor=officer,
        from_status=S.DETAINED,
        to_status=S.COUNTER_GUARANTEE,
        data={"amount_cny": amount_cny},
    )
    detention_request_follow_counter_guarantee(item=item, officer=officer, amount_cny=amount_cny)
    notify_item_changed(item, message=Item.Status(item.status).label)
    case_close_if_done(item.case_id, officer)
    return item
