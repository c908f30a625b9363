"""The holder's application for detention: one per holder and shipment, its bond, deadline and withdrawal."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.access import may_act_as_officer, may_decide_for_application
from confirmations.bonds import case_bond_amount, general_bond_for
from confirmations.evidence import event_record, events_record_entries
from confirmations.models import DetentionApplication, GeneralBond, Item
from confirmations.services.common import cases_close_if_done, lock_case, lock_cases
from confirmations.services.notify import notify_application, notify_item_changed
from confirmations.services.notify_bulk import notify_items_changed
from portal.errors import FieldErrors, Refused
from portal.workdays.calendar import local_date
from recordals.models import RightType

A = DetentionApplication.Status
S = Item.Status
BOND_LAPSE_REASON = _("bond not provided in time")
WITHDRAWAL_REASON = _("detention application withdrawn by the holder")
DETERMINED = (S.CONFIRMED, S.NOT_CONFIRMED, S.COURT, S.COUNTER_GUARANTEE)
SWEEP_BATCH = 500


def application_bond_check(*, item: Item, bond: str, now) -> GeneralBond | None:
    """Refuse a bond that cannot carry the holder's application for this shipment; return the general bond."""
    existing = DetentionApplication.objects.filter(case_id=item.case_id, holder_id=item.holder_id).first()
    if existing is not None and existing.status in (A.WITHDRAWN, A.LAPSED):
        raise Refused(
            _("Your application for detention of this shipment is closed (%(status)s); no item can join it.")
            % {"status": existing.get_status_display()}
        )
    if existing is not None and existing.bond_kind != bond:
        raise FieldErrors(
            {
                "bond": [
                    _("This shipment's application for detention is on a %(kind)s; every item of it shares that bond.")
                    % {"kind": existing.get_bond_kind_display().lower()}
                ]
            }
        )
    if bond != Item.Bond.GENERAL:
        return None
    if item.recordal.right_type != RightType.TRADEMARK:
        raise FieldErrors(
            {
                "bond": [
                    _(
                        "A general bond covers trademark applications only, and this item is protected by a "
                        "%(right)s: the application needs a case bond."
                    )
                    % {"right": item.recordal.get_right_type_display().lower()}
                ]
            }
        )
    if existing is not None:
        return existing.general_bond
    general = general_bond_for(holder=item.holder, right_type=RightType.TRADEMARK, day=local_date(now))
    if general is None:
        raise FieldErrors(
            {
                "bond": [
                    _(
                        "No confirmed general bond covers this application "
                        "(general bonds cover trademarks only); choose a case bond."
                    )
                ]
            }
        )
    return general


def application_join(*, item: Item, user, now) -> DetentionApplication:
    """Add an item just decided "infringing" to its holder's application for the shipment; recompute the bond.

    Call inside the decision's transaction (the case is locked), after ``application_bond_check``.
    """
    application, created = DetentionApplication.objects.get_or_create(
        case_id=item.case_id,
        holder_id=item.holder_id,
        defaults={
            "value_cny": item.value_cny,
            "bond_kind": item.bond_kind,
            "general_bond_id": item.general_bond_id,
            "bond_due": item.deadline,
            "created_at": now,
            "status": A.SECURED if item.bond_kind == Item.Bond.GENERAL else A.AWAITING_BOND,
        },
    )
    Item.objects.filter(pk=item.pk).update(application=application)
    total = Item.objects.filter(application=application).aggregate(total=Sum("value_cny"))["total"]
    previous = application.bond_amount_cny
    amount = case_bond_amount(total) if application.bond_kind == Item.Bond.CASE else None
    fields = {"value_cny": total, "bond_amount_cny": amount, "bond_due": min(application.bond_due, item.deadline)}
    if application.status == A.SECURED and application.bond_kind == Item.Bond.CASE:
        if amount > previous:
            fields.update(status=A.AWAITING_BOND)
        else:
            Item.objects.filter(pk=item.pk).update(case_bond_received_at=application.bond_received_at)
    DetentionApplication.objects.filter(pk=application.pk).update(**fields)
    Item.objects.filter(application=application).update(bond_amount_cny=amount)
    application.refresh_from_db()
    item.refresh_from_db()
    event_record(
        case=item.case,
        item=item,
        action="application_joined",
        actor=user,
        from_status=item.status,
        to_status=item.status,
        data={
            "application": application.pk,
            "created": created,
            "items": list(application.items.values_list("pk", flat=True)),
            "value_cny": application.value_cny,
            "bond": application.bond_kind,
            "bond_amount_cny": application.bond_amount_cny,
            "previous_bond_amount_cny": previous,
            "bond_due": application.bond_due.isoformat(),
            "status": application.status,
        },
    )
    notify_application(application, item=item)
    return application


def _load(application_id: int) -> DetentionApplication:
    application = DetentionApplication.objects.select_related("case", "case__office", "holder").get(pk=application_id)
    lock_case(application.case_id)
    application.refresh_from_db()
    return application


@transaction.atomic
def application_bond_receive(*, officer, application_id: int, now=None) -> DetentionApplication:
    """Record the application's case bond as received; refused after the bond's deadline."""
    application = DetentionApplication.objects.select_related("case").get(pk=application_id)
    if not may_act_as_officer(officer, application.case):
        raise PermissionDenied(_("Only officers of the case's office record its bonds."))
    application = _load(application_id)
    now = now or timezone.now()
    if application.bond_kind != Item.Bond.CASE or application.status != A.AWAITING_BOND:
        raise Refused(
            _("Only a case bond still awaited can be recorded as received (this application is “%(status)s”).")
            % {"status": application.get_status_display()}
        )
    if now >= application.bond_due:
        raise Refused(
            _("The bond was due by %(due)s; a bond recorded after its deadline is refused and the goods are released.")
            % {"due": application.bond_due_label()}
        )
    changed = DetentionApplication.objects.filter(pk=application.pk, status=A.AWAITING_BOND).update(
        status=A.SECURED, bond_received_at=now, bond_received_by=officer
    )
    if not changed:
        raise Refused(_("The application changed meanwhile; reload and try again."))
    Item.objects.filter(application=application, case_bond_received_at__isnull=True).update(case_bond_received_at=now)
    application.refresh_from_db()
    events_record_entries(
        [
            {
                "case": application.case,
                "item": item,
                "action": "application_bond_received",
                "actor": officer,
                "from_status": item.status,
                "to_status": item.status,
                "data": {"application": application.pk, "amount": application.bond_amount_cny},
            }
            for item in application.items.all()
        ]
    )
    return application


@transaction.atomic
def application_withdraw(*, user, application_id: int, reason: str) -> DetentionApplication:
    """Withdraw the holder's application before customs' determination; its goods are released."""
    application = DetentionApplication.objects.select_related("case").get(pk=application_id)
    if not may_decide_for_application(user, application):
        raise PermissionDenied(_("Only the holder's people who may decide withdraw its application."))
    if not reason.strip():
        raise FieldErrors({"reason": [_("Say why the application is withdrawn.")]})
    application = _load(application_id)
    if application.status in (A.WITHDRAWN, A.LAPSED):
        raise Refused(
            _("This application is already closed (%(status)s).") % {"status": application.get_status_display()}
        )
    if application.items.filter(status__in=DETERMINED).exists():
        raise Refused(_("Customs has already made its determination; the application can no longer be withdrawn."))
    now = timezone.now()
    changed = DetentionApplication.objects.filter(pk=application.pk, status__in=(A.AWAITING_BOND, A.SECURED)).update(
        status=A.WITHDRAWN, closed_at=now, closed_by=user, close_reason=reason
    )
    if not changed:
        raise Refused(_("The application changed meanwhile; reload and try again."))
    items = list(application.items.filter(status__in=(S.INFRINGING, S.DETAINED)).select_related("case", "holder"))
    token = uuid.uuid4().hex
    Item.objects.filter(pk__in=[i.pk for i in items], status__in=(S.INFRINGING, S.DETAINED)).update(
        status=S.RELEASED, release_reason=str(WITHDRAWAL_REASON), officer_action_at=now, sweep_claim=token
    )
    events_record_entries(
        [
            {
                "case": application.case,
                "item": item,
                "action": "application_withdrawn",
                "actor": user,
                "from_status": item.status,
                "to_status": S.RELEASED,
                "reason": reason,
                "data": {"application": application.pk},
            }
            for item in items
        ]
    )
    for item in Item.objects.filter(sweep_claim=token).select_related("case", "case__office", "recordal", "holder"):
        notify_item_changed(item, message=WITHDRAWAL_REASON, to_officers=True)
    cases_close_if_done([application.case_id])
    application.refresh_from_db()
    return application


def applications_lapse_due(*, now=None, batch: int = SWEEP_BATCH) -> int:
    """Release the items of applications whose bond is not secured at its deadline; return how many.

    Each batch is claimed with one guarded update (status and deadline), so two overlapping sweeps
    never release an item twice, and a sweep after downtime catches up.
    """
    now = now or timezone.now()
    released = 0
    while True:
        with transaction.atomic():
            due = DetentionApplication.objects.filter(status=A.AWAITING_BOND, bond_due__lte=now)
            rows = list(due.order_by("bond_due", "pk").values_list("pk", "case_id")[:batch])
            if not rows:
                return released
            ids = [pk for pk, _case in rows]
            lock_cases({case_id for _pk, case_id in rows})
            token = uuid.uuid4().hex
            due.filter(pk__in=ids).update(
                status=A.LAPSED, closed_at=now, close_reason=str(BOND_LAPSE_REASON), sweep_claim=token
            )
            Item.objects.filter(application__sweep_claim=token, status=S.INFRINGING).update(
                status=S.RELEASED, release_reason=str(BOND_LAPSE_REASON), officer_action_at=now, sweep_claim=token
            )
            items = list(
                Item.objects.filter(sweep_claim=token).select_related("case", "case__office", "recordal", "holder")
            )
            events_record_entries(
                [
                    {
                        "case": item.case,
                        "item": item,
                        "action": "application_lapsed",
                        "from_status": S.INFRINGING,
                        "to_status": S.RELEASED,
                        "reason": BOND_LAPSE_REASON,
                        "data": {"application": item.application_id, "automatic": True},
                    }
                    for item in items
                ]
            )
            notify_items_changed(items, message=BOND_LAPSE_REASON, to_officers=True)
            cases_close_if_done({item.case_id for item in items})
            released += len(items)
