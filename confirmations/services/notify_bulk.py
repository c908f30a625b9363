"""The sweeps' notices, for a whole batch at once: the people of every item found in two queries, every notice
and delivery written in one insert each, and the batch's deliveries handed to the queue in one publish."""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from confirmations.models import Item
from confirmations.services.notify import (
    LAPSE_REASON,
    _item_context,
    _members_by_organization,
    _payload,
    decision_link,
)
from portal.accounts.models import User
from portal.notices.params import Deadline, Phrase
from portal.notices.services import Message, notices_send_many
from recordals.access import agents_covering

DIGEST_LISTED = 50
_MARK = 987654321


def _path_of(name: str):
    """Return pk → the path of the view ``name`` for that pk, reversed once (a sweep builds thousands of links)."""
    head, tail = reverse(name, args=[_MARK]).split(str(_MARK))
    return lambda pk: f"{head}{pk}{tail}"


class _People:
    """Who is told of each item: its holder's people and those of the agents deciding for it (as
    ``recordal_contacts(..., power="may_decide")`` answers), and the officers of its case's office."""

    def __init__(self, items: list[Item], *, officers: bool):
        covering = agents_covering({(item.holder_id, item.recordal_id) for item in items}, power="may_decide")
        self.agents = {item.pk: sorted(covering[item.holder_id, item.recordal_id]) for item in items}
        organizations = {item.holder_id for item in items} | set().union(set(), *self.agents.values())
        if officers:
            organizations |= {item.case.office_id for item in items}
        self.members = _members_by_organization(organizations)

    def holder_side(self, item: Item) -> list[User]:
        people = {}
        for organization in (item.holder_id, *self.agents[item.pk]):
            people.update((user.pk, user) for user in self.members[organization])
        return sorted(people.values(), key=lambda user: user.pk)

    def officers(self, item: Item) -> list[User]:
        return self.members[item.case.office_id]


def notify_items_changed(items: list[Item], *, message, to_officers: bool = False) -> None:
    """Tell the holder side of each item (and, if asked, its officers) that it changed state, in bulk."""
    if not items:
        return
    people = _People(items, officers=to_officers)
    messages = []
    for item in items:
        context = {**_item_context(item), "message": message}
        template = "confirmations/emails/item_update"
        messages.append(
            Message(
                people.holder_side(item),
                "item_update",
                template,
                context,
                item.get_absolute_url(),
                (item.holder,),
                _payload(item, str(item.status)),
                personal=False,
            )
        )
        if to_officers:
            messages.append(
                Message(people.officers(item), "item_update", template, context, item.case.get_absolute_url())
            )
    notices_send_many(messages=messages)


def notify_deadline_reminders(items: list[Item], *, hours: int) -> None:
    """Remind the holder side of each item that its deadline is near, in bulk."""
    if not items:
        return
    people = _People(items, officers=False)
    notices_send_many(
        messages=[
            Message(
                people.holder_side(item),
                "deadline_reminder",
                "confirmations/emails/deadline_reminder",
                {**_item_context(item), "hours": hours},
                decision_link(item),
                (item.holder,),
                {**_payload(item, "reminder"), "hours": hours},
                personal=False,
            )
            for item in items
        ]
    )


def notify_investigations_due(items: list[Item]) -> None:
    """Remind the officers of each item's office that its investigation is due, in bulk."""
    if not items:
        return
    members = _members_by_organization({item.case.office_id for item in items})
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
    people = _People(items, officers=True)
    per_user, users = defaultdict(list), {}
    for item in items:
        for side, recipients in (("item", people.holder_side(item)), ("case", people.officers(item))):
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
        Message(
            (),
            "item_update",
            "confirmations/emails/item_update",
            {**(contexts.get(item.pk) or _item_context(item)), "message": LAPSE_REASON},
            paths["item"](item.pk),
            (item.holder,),
            _payload(item, str(item.status)),
        )
        for item in items
    )
    notices_send_many(messages=messages)
