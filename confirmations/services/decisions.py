"""The holder's decision: final once made, one winner under concurrency, refused after the deadline."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from confirmations.access import may_decide
from confirmations.bonds import case_bond_amount, general_bond_for
from confirmations.evidence import event_record
from confirmations.models import DetentionApplication, GeneralBond, Item
from confirmations.services.common import deadline_label, lock_case
from confirmations.services.detention import application_bond_check, application_join
from confirmations.services.notify import notify_item_decided
from portal.errors import Conflict, FieldErrors, Refused
from portal.workdays.calendar import local_date


@dataclass(frozen=True)
class BondQuote:
    """What an infringing decision would cost: the case bond, and the general bond if one covers it."""

    case_amount_cny: Decimal
    general_bond: GeneralBond | None


def joined_value_annotation() -> Subquery:
    """An annotation of items: the value (CNY) of the application for detention an infringing answer on the item would
    join (its holder's on its case; one at most), None while there is none."""
    joined = DetentionApplication.objects.filter(case_id=OuterRef("case_id"), holder_id=OuterRef("holder_id"))
    return Subquery(joined.order_by().values("value_cny"))


def bond_quote(item: Item, *, when=None, general_bonds: list | None = None) -> BondQuote:
    """Return the bond options for deciding the item as infringing at ``when`` (now by default; the case bond on the
    application's total); the item is read with ``joined_value_annotation()`` as ``joined_value_cny``.
    ``general_bonds``: the rows of ``covering_general_bonds`` for its holder on that day, where already read."""
    day = local_date(when or timezone.now())
    return BondQuote(
        case_amount_cny=case_bond_amount(item.value_cny + (item.joined_value_cny or 0)),
        general_bond=general_bond_for(
            holder=item.holder, right_type=item.recordal.right_type, day=day, read=general_bonds
        ),
    )


def _already_decided(item: Item) -> Conflict:
    item = Item.objects.select_related("decided_by").get(pk=item.pk)
    if item.decided_by is not None and item.decided_at is not None:
        return Conflict(
            _("This item was already decided by %(who)s at %(when)s (%(decision)s).")
            % {
                "who": item.decided_by.get_full_name() or item.decided_by.username,
                "when": date_format(timezone.localtime(item.decided_at), "DATETIME_FORMAT"),
                "decision": item.get_decision_display(),
            }
        )
    return Conflict(
        _("This item is no longer awaiting a decision (now “%(status)s”).") % {"status": item.get_status_display()}
    )


@transaction.atomic
def item_decide(*, user, item_id: int, decision: str, comment: str = "", bond: str = "") -> Item:
    """Record the holder's decision on a pending item and tell the officers."""
    item = Item.objects.select_related("recordal", "holder", "case", "case__office").get(pk=item_id)
    if not may_decide(user, item):
        raise PermissionDenied(_("You may not decide on this item for its holder."))
    lock_case(item.case_id)
    now = timezone.now()
    if Item.objects.filter(pk=item.pk).values_list("status", flat=True).get() != Item.Status.PENDING:
        raise _already_decided(item)
    if now >= item.deadline:
        raise Refused(
            _("The deadline (%(deadline)s) has passed; the goods are released automatically.")
            % {"deadline": deadline_label(item)}
        )
    if decision not in (Item.Decision.INFRINGING, Item.Decision.NOT_INFRINGING):
        raise FieldErrors({"decision": [_("Choose “infringing” or “not infringing”.")]})
    fields = {"decision": decision, "decided_by": user, "decided_at": now, "comment": comment}
    if decision == Item.Decision.INFRINGING:
        if bond not in (Item.Bond.GENERAL, Item.Bond.CASE):
            raise FieldErrors({"bond": [_("Choose the bond for the detention: “general” or “case”.")]})
        general = application_bond_check(item=item, bond=bond, now=now)
        fields.update(bond_kind=bond, general_bond=general, bond_amount_cny=None)
    changed = Item.objects.filter(pk=item.pk, status=Item.Status.PENDING).update(status=decision, **fields)
    if not changed:
        raise _already_decided(item)
    item.refresh_from_db()
    event_record(
        case=item.case,
        item=item,
        action="decided",
        actor=user,
        from_status=Item.Status.PENDING,
        to_status=item.status,
        data={
            "decision": item.decision,
            "comment": comment,
            "bond": item.bond_kind,
            "bond_amount_cny": item.bond_amount_cny,
            "general_bond": item.general_bond_id,
            "value_cny": item.value_cny,
            "rate": item.exchange_rate,
        },
    )
    if decision == Item.Decision.INFRINGING:
        application_join(item=item, user=user, now=now)
        item.refresh_from_db()
    notify_item_decided(item)
    return item


@transaction.atomic
def items_decide_bulk(*, user, item_ids: list[int], decision: str, comment: str = "", bond: str = "") -> list[Item]:
    """Decide several pending items at once: all of them, or none."""
    if not item_ids:
        raise FieldErrors({"items": [_("Choose at least one item.")]})
    decided = []
    for item_id in sorted(set(item_ids)):
        try:
            decided.append(item_decide(user=user, item_id=item_id, decision=decision, comment=comment, bond=bond))
        except (Refused, Conflict) as exc:
            raise Refused(_("Item %(id)s: %(message)s") % {"id": item_id, "message": str(exc)})
        except FieldErrors as exc:
            raise FieldErrors({**exc.errors, "items": [_("Item %(id)s was not decided.") % {"id": item_id}]})
    return decided
