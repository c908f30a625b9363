"""The notices the confirmation flow sends: to holders, their agents and the officers."""

from collections import defaultdict

from django.db.models import F
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_lazy as _

from confirmations.models import Channel, Item
from confirmations.services.common import office_recipients
from portal.accounts.models import User
from portal.notices.params import Deadline
from portal.notices.services import Message, notice_send, notices_send_many
from portal.templatetags.portal_format import money
from recordals.access import agents_covering, recordal_contacts


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


def decision_link(item: Item) -> str:
    """The item page's address at its decision form, which a phone shows right after the item's facts."""
    return f"{item.get_absolute_url()}#{DECISION_ANCHOR}"


def notify_items_filed(items: list[Item]) -> None:
    """Tell each item's holder side of a newly filed item, every item of a case in one bulk write."""
    covering = agents_covering({(item.holder_id, item.recordal_id) for item in items}, power="may_decide")
    agents = {item.pk: covering[item.holder_id, item.recordal_id] for item in items}
    members = _members_by_organization({item.holder_id for item in items} | set().union(*agents.values()))
    notices_send_many(
        messages=[
            Message(
                [user for organization in (item.holder_id, *sorted(agents[item.pk])) for user in members[organization]],
                "item_notice",
                "confirmations/emails/item_notice",
                _item_context(item),
                decision_link(item),
                (item.holder,),
                _payload(item, "filed"),
            )
            for item in items
        ]
    )


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
    context = {**_item_context(item), "message": message}
    notice_send(
        recipients=recordal_contacts(item.recordal, power="may_decide"),
        kind="item_update",
        template="confirmations/emails/item_update",
        context=context,
        link=item.get_absolute_url(),
        webhook_organizations=[item.holder],
        payload=_payload(item, str(item.status)),
    )
    if to_officers:
        notice_send(
            recipients=office_recipients(item.case),
            kind="item_update",
            template="confirmations/emails/item_update",
            context=context,
            link=item.case.get_absolute_url(),
        )


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
    notice_send(
        recipients=recordal_contacts(item.recordal, power="may_decide"),
        kind="application_bond",
        template="confirmations/emails/application_bond",
        context=application_context(application),
        link=item.get_absolute_url(),
        webhook_organizations=[item.holder],
        payload={
            **_payload(item, "application"),
            "application": application.pk,
            "bond_kind": application.bond_kind,
            "bond_amount_cny": str(application.bond_amount_cny) if application.bond_amount_cny is not None else None,
            "bond_due": application.bond_due.isoformat(),
        },
    )


def _members_by_organization(organization_ids) -> dict[int, list[User]]:
    members = defaultdict(list)
    users = (
        User.objects.filter(
            is_active=True,
            membership_row__organization_id__in=list(organization_ids),
            membership_row__organization__is_active=True,
        )
        .annotate(member_of=F("membership_row__organization_id"))
        .order_by("pk")
    )
    for user in users:
        members[user.member_of].append(user)
    return members
