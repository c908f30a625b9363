"""The lapse sweep: items unanswered at their deadline are released, batch by batch, set-based.

Each batch is one transaction: one statement claims up to ``LAPSE_BATCH`` due items, storing them
as lapsed (on PostgreSQL it first locks their cases, skipping cases another transaction holds, so two
overlapping sweeps never claim the same item and never wait on each other), one statement releases
the lapsed items, one insert writes both steps' events with each case's chain intact, one statement
closes the cases left with nothing to do, and the notices go out as one digest per recipient per batch.
"""

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from confirmations.evidence import event_build, events_record_bulk
from confirmations.models import Case, Item
from confirmations.services.notify import LAPSE_REASON, notify_items_lapsed

S = Item.Status
LAPSE_BATCH = 500

_CLAIM_POSTGRESQL = """
WITH due AS (
    SELECT id, case_id FROM confirmations_item
    WHERE status = 'pending' AND deadline <= %(now)s {only}
    ORDER BY deadline, id LIMIT %(limit)s
), locked AS (
    SELECT id FROM confirmations_case WHERE id IN (SELECT case_id FROM due) ORDER BY id FOR UPDATE SKIP LOCKED
)
UPDATE confirmations_item SET status = 'lapsed', decision = 'lapsed', officer_action_at = %(now)s
WHERE id IN (SELECT id FROM due) AND case_id IN (SELECT id FROM locked) AND status = 'pending'
RETURNING id
"""

_CLAIM_OTHER = """
UPDATE confirmations_item SET status = 'lapsed', decision = 'lapsed', officer_action_at = %(now)s
WHERE id IN (
    SELECT id FROM confirmations_item WHERE status = 'pending' AND deadline <= %(now)s {only}
    ORDER BY deadline, id LIMIT %(limit)s
) AND status = 'pending'
RETURNING id
"""


def _claim(*, now, limit: int, only: list[int] | None) -> list[int]:
    """Store up to ``limit`` due pending items as lapsed in one statement; return their ids."""
    sql = _CLAIM_POSTGRESQL if connection.vendor == "postgresql" else _CLAIM_OTHER
    params = {"now": now, "limit": limit}
    clause = ""
    if only is not None:
        params.update({f"only{n}": pk for n, pk in enumerate(only)})
        clause = "AND id IN ({})".format(", ".join(f"%(only{n})s" for n in range(len(only))))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(only=clause), params)
        return [row[0] for row in cursor.fetchall()]


def _lapse_batch(*, now, limit: int, only: list[int] | None) -> int:
    with transaction.atomic():
        ids = _claim(now=now, limit=limit, only=only)
        if not ids:
            return 0
        Item.objects.filter(pk__in=ids, status=S.LAPSED).update(status=S.RELEASED)
        items = list(
            Item.objects.filter(pk__in=ids)
            .select_related("case", "case__office", "recordal", "holder")
            .order_by("case_id", "deadline", "pk")
        )
        case_ids = sorted({item.case_id for item in items})
        if connection.vendor != "postgresql":
            list(Case.objects.select_for_update().filter(pk__in=case_ids).values_list("pk", flat=True))
        closing = list(
            Case.objects.filter(pk__in=case_ids, status=Case.Status.OPEN)
            .exclude(Q(items__status__in=[s for s in S.values if s not in Item.FINAL_STATUSES]))
            .values_list("pk", flat=True)
        )
        if closing:
            Case.objects.filter(pk__in=closing).update(status=Case.Status.CLOSED)
        events = []
        for item in items:
            common = {"case_id": item.case_id, "item_id": item.pk, "at": now, "reason": LAPSE_REASON}
            events.append(
                event_build(
                    **common,
                    action="lapsed",
                    from_status=S.PENDING,
                    to_status=S.LAPSED,
                    data={"deadline": item.deadline.isoformat()},
                )
            )
            events.append(
                event_build(
                    **common, action="released", from_status=S.LAPSED, to_status=S.RELEASED, data={"automatic": True}
                )
            )
        events.extend(
            event_build(
                case_id=case_id,
                action="case_closed",
                from_status=Case.Status.OPEN,
                to_status=Case.Status.CLOSED,
                at=now,
            )
            for case_id in closing
        )
        events.sort(key=lambda event: event.case_id)
        events_record_bulk(events=events)
        notify_items_lapsed(items)
    return len(ids)


def items_lapse_due(*, now=None, batch: int = LAPSE_BATCH, only: list[int] | None = None) -> int:
    """Release every pending item whose deadline passed, batch after batch; return how many this run released.

    Safe to run twice, after downtime, and alongside another sweep (each item is released once).
    """
    now = now or timezone.now()
    total = 0
    while released := _lapse_batch(now=now, limit=batch, only=only):
        total += released
    return total


def item_lapse(*, item_id: int, now=None) -> bool:
    """Release one pending item whose deadline passed; return False if it was answered or done."""
    return bool(items_lapse_due(now=now, only=[item_id]))
