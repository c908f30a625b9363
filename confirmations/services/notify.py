"""The notices the confirmation flow sends: to holders, their agents and the officers."""

from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_lazy as _

from confirmations.models import Channel, Item
from confirmations.services.common import office_recipients
from portal.notices.params import Deadline
from portal.notices.services import Message, notice_send, notices_send_many
from portal.templatetags.portal_format import money
from recordals.access import Contacts, recordal_contacts


def _item_context(item: Item) -> dict:
    case = item.case
    return {
        "item_id": item.pk,
        "case_id": case.pk,
        "description": item.description,
        "quantity": item.quantity,
        "value": item.value,
        "currency": item.currency,
        "recordal_number": item.recordal.number,
        "recordal_title": item.recordal.title,
        "holder_name": item.holder.name,
        "office_name": case.office.name,
        "channel": Channel(case.channel).label,
        "waybill_number": case.waybill_number,
        "deadline": item.deadline,
        "deadline_label": Deadline(item.deadline),
        "flagged_infringer": item.flagged_infringer,
        "flag_reason": item.flag_reason,
        "status": Item.Status(item.status).label,
    }


def _payload(item: Item, event: str) -> dict:
    return {
        "item": item.pk,
        "case": item.case_id,
        "recordal": item.recordal.number,
        "status": item.status,
        "decision": item.decision,
        "deadline": item.deadline.isoformat(),
        "flagged_infringer": item.flagged_infringer,
        "change": event,
    }


DECISION_ANCHOR = "decide"
ITEM_UPDATE = "confirmations/emails/item_update"


def decision_link(item: Item) -> str:
    """The item page's address at its decision form, which a phone shows right after the item's facts."""
    return f"{item.get_absolute_url()}#{DECISION_ANCHOR}"


def item_contacts(items: list[Item], *, officers: bool) -> Contacts:
    """Return who is told of each item, in two queries: its holder side (those deciding for it, as
    ``recordal_contacts(..., power="may_decide")`` answers) and, if asked, the officers of its case's office."""
    offices = {item.case.office_id for item in items} if officers else ()
    return Contacts({(item.holder_id, item.recordal_id) for item in items}, power="may_decide", also=offices)


def item_message(
    item: Item, recipients, *, kind: str, template: str, context: dict, link: str, change: str, personal=True, **extra
) -> Message:
    """Return the notice of an item to its holder side, with a webhook to its holder carrying the item's payload
    (and ``extra``)."""
    return Message(
        recipients, kind, template, context, link, (item.holder,), {**_payload(item, change), **extra}, personal
    )


def item_update_messages(item: Item, holder_side, officers=None, *, message, personal=True) -> list[Message]:
    """Return the notices that the item changed state: to its holder side and, given ``officers``, to them."""
    context = {**_item_context(item), "message": message}
    messages = [
        item_message(
            item,
            holder_side,
            kind="item_update",
            template=ITEM_UPDATE,
            context=context,
            link=item.get_absolute_url(),
            change=str(item.status),
            personal=personal,
        )
    ]
    if officers is not None:
        messages.append(Message(officers, "item_update", ITEM_UPDATE, context, item.case.get_absolute_url()))
    return messages


def items_decision_notify(items: list[Item], *, kind: str, template: str, change: str, personal=True, **extra) -> None:
    """Tell each item's holder side of it, linking its decision form, every item in one bulk write (``extra`` goes
    into the context and the payload)."""
    contacts = item_contacts(items, officers=False)
    notices_send_many(
        messages=[
            item_message(
                item,
                contacts.of(item.holder_id, item.recordal_id),
                kind=kind,
                template=template,
                context={**_item_context(item), **extra},
                link=decision_link(item),
                change=change,
                personal=personal,
                **extra,
            )
            for item in items
        ]
    )


def notify_items_filed(items: list[Item]) -> None:
    """Tell each item's holder side of a newly filed item, every item of a case in one bulk write."""
    items_decision_notify(items, kind="item_notice", template="confirmations/emails/item_notice", change="filed")


def notify_item_decided(item: Item) -> None:
    """Tell the officers of the case's office of the holder's decision."""
    notice_send(
        recipients=office_recipients(item.case),
        kind="item_decided",
        template="confirmations/emails/item_decided",
        context={
            **_item_context(item),
            "decision": Item.Decision(item.decision).label if item.decision else "",
            "bond": Item.Bond(item.bond_kind).label if item.bond_kind else "",
            "bond_amount_cny": item.bond_amount_cny,
            "comment": item.comment,
        },
        link=item.case.get_absolute_url(),
    )


def notify_item_changed(item: Item, *, message, to_officers: bool = False) -> None:
    """Tell the holder's people (and, if asked, the officers) that the item changed state."""
    officers = office_recipients(item.case) if to_officers else None
    holder_side = recordal_contacts(item.recordal, power="may_decide")
    notices_send_many(messages=item_update_messages(item, holder_side, officers, message=message))


LAPSE_REASON = _("no answer by the deadline")


def application_context(application) -> dict:
    """What the holder needs to lodge the application's bond: amount, reference, deadline, instructions."""
    instructions = application.instructions()
    return {
        "reference": application.reference,
        "waybill_number": application.case.waybill_number,
        "office_name": application.case.office.name,
        "item_count": application.items.count(),
        "value": money(application.value_cny),
        "bond_kind": application.bond_kind,
        "amount": money(application.bond_amount_cny),
        "due": application.bond_due_label(),
        "time_left": timeuntil(application.bond_due, timezone.now()),
        "general_bond": application.general_bond.reference if application.general_bond_id else "",
        "instructions": instructions,
        "payment_reference": instructions.payment_reference(application) if instructions else application.reference,
    }


def notify_application(application, *, item: Item) -> None:
    """Tell the holder's people what the application's bond is, by when and how to lodge it."""
    amount = application.bond_amount_cny
    message = item_message(
        item,
        recordal_contacts(item.recordal, power="may_decide"),
        kind="application_bond",
        template="confirmations/emails/application_bond",
        context=application_context(application),
        link=item.get_absolute_url(),
        change="application",
        application=application.pk,
        bond_kind=application.bond_kind,
        bond_amount_cny=str(amount) if amount is not None else None,
        bond_due=application.bond_due.isoformat(),
    )
    notices_send_many(messages=[message])
