"""The sweeps' notices, for a whole batch at once: the people of every item found in two queries, every notice
and delivery written in one insert each, and the batch's deliveries handed to the queue in one publish."""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from confirmations.models import Item
from confirmations.services.notify import (
    ITEM_UPDATE,
    LAPSE_REASON,
    _item_context,
    item_contacts,
    item_message,
    item_update_messages,
    items_decision_notify,
)
from portal.notices.params import Deadline, Phrase
from portal.notices.services import Message, notices_send_many
from recordals.access import members_by_organization

DIGEST_LISTED = 50
_MARK = 987654321


def _path_of(name: str):
    """Return pk → the path of the view ``name`` for that pk, reversed once (a sweep builds thousands of links)."""
    head, tail = reverse(name, args=[_MARK]).split(str(_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def notify_items_changed(items: list[Item], *, message, to_officers: bool = False) -> None:
    """Tell the holder side of each item (and, if asked, its officers) that it changed state, in bulk."""
    if not items:
        return
    contacts = item_contacts(items, officers=to_officers)
    notices_send_many(
        messages=[
            message_
            for item in items
            for message_ in item_update_messages(
                item,
                contacts.of(item.holder_id, item.recordal_id),
                contacts.members[item.case.office_id] if to_officers else None,
                message=message,
                personal=False,
            )
        ]
    )


def notify_deadline_reminders(items: list[Item], *, hours: int) -> None:
    """Remind the holder side of each item that its deadline is near, in bulk."""
    if not items:
        return
    items_decision_notify(
        items,
        kind="deadline_reminder",
        template="confirmations/emails/deadline_reminder",
        change="reminder",
        personal=False,
        hours=hours,
    )


def notify_investigations_due(items: list[Item]) -> None:
    """Remind the officers of each item's office that its investigation is due, in bulk."""
    if not items:
        return
    members = members_by_organization({item.case.office_id for item in items})
    notices_send_many(
        messages=[
            Message(
                members[item.case.office_id],
                "investigation_due",
                "confirmations/emails/item_update",
                {
                    **_item_context(item),
                    "message": Phrase(_("the investigation is due by %(due)s"), due=Deadline(item.investigation_due)),
                },
                item.case.get_absolute_url(),
                personal=False,
            )
            for item in items
        ]
    )


def _digest(side: str, listed: list[Item], contexts: dict, paths: dict) -> tuple[str, dict]:
    for item in listed[:DIGEST_LISTED]:
        if item.pk not in contexts:
            contexts[item.pk] = _item_context(item)
    first = listed[0]
    if len(listed) == 1:
        link = paths["item"](first.pk) if side == "item" else paths["case"](first.case_id)
    else:
        link = reverse("confirmations:inbox") if side == "item" else reverse("confirmations:case-list")
    context = {
        "message": LAPSE_REASON,
        "count": len(listed),
        "items": [contexts[item.pk] for item in listed[:DIGEST_LISTED]],
        **contexts[first.pk],
    }
    return link, context


def notify_items_lapsed(items: list[Item]) -> None:
    """Tell of released unanswered items in bulk: one digest per person (rendered once for everyone who gets the
    same list in the same language), one webhook per item to its holder."""
    contacts = item_contacts(items, officers=True)
    per_user, users = defaultdict(list), {}
    for item in items:
        holder_side = contacts.of(item.holder_id, item.recordal_id)
        for side, recipients in (("item", holder_side), ("case", contacts.members[item.case.office_id])):
            for user in recipients:
                users[user.pk] = user
                per_user[user.pk, side].append(item)
    groups = defaultdict(list)
    for (user_id, side), listed in per_user.items():
        groups[side, tuple(item.pk for item in listed)].append(users[user_id])
    paths = {"item": _path_of("confirmations:item-detail"), "case": _path_of("confirmations:case-detail")}
    by_id, contexts, messages = {item.pk: item for item in items}, {}, []
    for (side, ids), recipients in groups.items():
        link, context = _digest(side, [by_id[pk] for pk in ids], contexts, paths)
        messages.append(
            Message(recipients, "item_update", "confirmations/emails/items_lapsed", context, link, personal=False)
        )
    messages.extend(
        item_message(
            item,
            (),
            kind="item_update",
            template=ITEM_UPDATE,
            context={**(contexts.get(item.pk) or _item_context(item)), "message": LAPSE_REASON},
            link=paths["item"](item.pk),
            change=str(item.status),
        )
        for item in items
    )
    notices_send_many(messages=messages)
