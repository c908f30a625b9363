"""Helpers shared by the services: locking, transitions, recipients."""

import uuid

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.evidence import event_record, events_record_entries
from confirmations.models import Case, Item
from portal.accounts.models import Organization, User
from portal.errors import Conflict
from portal.workdays.calendar import format_deadline
from recordals.access import members_by_organization


def lock_case(case_id: int) -> Case:
    """Lock the case row for the rest of the transaction (serializes its events and decisions)."""
    return Case.objects.select_for_update().get(pk=case_id)


def lock_cases(case_ids) -> None:
    """Lock several case rows in id order (as every single-case action locks its case first): sweeps
    take these locks before touching items, so they never deadlock with an officer's action."""
    list(Case.objects.select_for_update().filter(pk__in=list(case_ids)).order_by("pk").values_list("pk", flat=True))


def items_claim(queryset, *, batch: int, order: str, **update) -> list[Item] | None:
    """Claim the queryset's next batch of items with one guarded update, their cases locked first; return the
    items claimed, loaded for their notices ([] if another sweep took them meanwhile), or None when none is due."""
    rows = list(queryset.order_by(order, "pk").values_list("pk", "case_id")[:batch])
    if not rows:
        return None
    lock_cases({case_id for _pk, case_id in rows})
    token = uuid.uuid4().hex
    queryset.filter(pk__in=[pk for pk, _case in rows]).update(sweep_claim=token, **update)
    return items_claimed(token)


def items_claimed(token: str) -> list[Item]:
    """Return the items a sweep claimed under ``token``, with what their events and notices need."""
    return list(
        Item.objects.filter(sweep_claim=token)
        .select_related("case", "case__office", "recordal", "holder")
        .order_by("case_id", "pk")
    )


def transition(item: Item, *, old: tuple[str, ...], new: str, **fields) -> None:
    """Move the item from one of ``old`` to ``new`` atomically; raise Conflict if it had moved."""
    changed = Item.objects.filter(pk=item.pk, status__in=old).update(status=new, **fields)
    if not changed:
        current = Item.objects.get(pk=item.pk)
        raise Conflict(
            _("This item is now “%(status)s”; the action was not applied.") % {"status": current.get_status_display()}
        )
    item.refresh_from_db()


def deadline_label(item: Item) -> str:
    """Return the deadline as people read it: “30 September 2026, 24:00 (Asia/Shanghai)”."""
    return _("%(deadline)s (Asia/Shanghai)") % {"deadline": format_deadline(item.deadline)}


def members_of(organization_ids) -> list[User]:
    """Return the active users of the given organizations, in id order."""
    members = members_by_organization(organization_ids)
    return sorted((user for users in members.values() for user in users), key=lambda user: user.pk)


def office_recipients(case: Case) -> list[User]:
    """Return the active officers of the case's office."""
    return members_of([case.office_id])


def is_office(organization: Organization) -> bool:
    return organization is not None and organization.kind == Organization.Kind.OFFICE


def now():
    return timezone.now()


def case_close_if_done(case_id: int, officer) -> None:
    """Close the case once every item reached a final state."""
    if not Item.objects.filter(case_id=case_id).exclude(status__in=Item.FINAL_STATUSES).exists():
        closed = Case.objects.filter(pk=case_id, status=Case.Status.OPEN).update(status=Case.Status.CLOSED)
        if closed:
            event_record(
                case=Case.objects.get(pk=case_id),
                action="case_closed",
                actor=officer,
                from_status=Case.Status.OPEN,
                to_status=Case.Status.CLOSED,
            )


def cases_close_if_done(case_ids) -> list[int]:
    """Close, in one statement, the open cases among ``case_ids`` whose items all reached a final state."""
    unfinished = Item.objects.filter(case_id=OuterRef("pk")).exclude(status__in=Item.FINAL_STATUSES)
    closable = list(
        Case.objects.select_for_update()
        .filter(pk__in=list(case_ids), status=Case.Status.OPEN)
        .filter(~Exists(unfinished))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Case.objects.filter(pk__in=closable, status=Case.Status.OPEN).update(status=Case.Status.CLOSED)
    events_record_entries(
        [
            {
                "case": Case(pk=pk),
                "action": "case_closed",
                "from_status": Case.Status.OPEN,
                "to_status": Case.Status.CLOSED,
            }
            for pk in closable
        ]
    )
    return closable
