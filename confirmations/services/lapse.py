"""The lapse sweep: items unanswered at their deadline are released, batch by batch, set-based.

Each batch is one transaction of a fixed number of statements, however many items and cases it holds:
- one statement claims up to ``LAPSE_BATCH`` due items and releases them as lapsed (on PostgreSQL it first
  locks cases with due items, skipping those another transaction holds, and takes the items of the cases it
  locked: two overlapping sweeps share the work, never claim the same item and never wait on each other);
- one loads them, one closes the cases left with nothing to do;
- the evidence heads of all their cases are read in one query, both steps' events written in one insert with
  each chain intact;
- the notices go out as one digest per recipient, written in bulk and handed to the queue in one publish.
"""

from django.db import connection, transaction
from django.utils import timezone

from confirmations.evidence import event_build, events_record_bulk
from confirmations.models import Case, Item
from confirmations.services.notify import LAPSE_REASON
from confirmations.services.notify_bulk import notify_items_lapsed

S = Item.Status
LAPSE_BATCH = 500

_CLAIM_POSTGRESQL = """
WITH locked AS (
    SELECT id FROM confirmations_case
    WHERE id IN (SELECT case_id FROM confirmations_item WHERE status = 'pending' AND deadline <= %(now)s {only})
    ORDER BY id LIMIT %(limit)s FOR UPDATE SKIP LOCKED
), due AS (
    SELECT id FROM confirmations_item
    WHERE case_id IN (SELECT id FROM locked) AND status = 'pending' AND deadline <= %(now)s {only}
    ORDER BY deadline, id LIMIT %(limit)s
)
UPDATE confirmations_item SET status = 'released', decision = 'lapsed', officer_action_at = %(now)s
WHERE id IN (SELECT id FROM due) AND status = 'pending'
RETURNING id
"""

_CLAIM_OTHER = """
UPDATE confirmations_item SET status = 'released', decision = 'lapsed', officer_action_at = %(now)s
WHERE id IN (
    SELECT id FROM confirmations_item WHERE status = 'pending' AND deadline <= %(now)s {only}
    ORDER BY deadline, id LIMIT %(limit)s
) AND status = 'pending'
RETURNING id
"""


def _claim(*, now, limit: int, only: list[int] | None) -> list[int]:
    """Release up to ``limit`` due pending items as lapsed in one statement; return their ids."""
    sql = _CLAIM_POSTGRESQL if connection.vendor == "postgresql" else _CLAIM_OTHER
    params = {"now": now, "limit": limit}
    clause = ""
    if only is not None:
        params.update({f"only{n}": pk for n, pk in enumerate(only)})
        clause = "AND id IN ({})".format(", ".join(f"%(only{n})s" for n in range(len(only))))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(only=clause), params)
        return [row[0] for row in cursor.fetchall()]


_CLOSE = """
UPDATE confirmations_case SET status = 'closed'
WHERE id IN ({cases}) AND status = 'open' AND NOT EXISTS (
    SELECT 1 FROM confirmations_item
    WHERE confirmations_item.case_id = confirmations_case.id AND confirmations_item.status NOT IN ({final})
)
RETURNING id
"""


def _close_done(case_ids: list[int]) -> list[int]:
    """Close, in one statement, the open cases among ``case_ids`` left with nothing to do; return their ids."""
    params = {f"case{n}": pk for n, pk in enumerate(case_ids)}
    params.update({f"final{n}": status for n, status in enumerate(Item.FINAL_STATUSES)})
    sql = _CLOSE.format(
        cases=", ".join(f"%(case{n})s" for n in range(len(case_ids))),
        final=", ".join(f"%(final{n})s" for n in range(len(Item.FINAL_STATUSES))),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


def _events(items: list[Item], closed: list[int], *, now) -> list:
    """Return the batch's events in chain order per case: each item's lapse and release, then the case's close."""
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
            case_id=case_id, action="case_closed", from_status=Case.Status.OPEN, to_status=Case.Status.CLOSED, at=now
        )
        for case_id in closed
    )
    events.sort(key=lambda event: event.case_id)
    return events


def _lapse_batch(*, now, limit: int, only: list[int] | None) -> int:
    with transaction.atomic():
        ids = _claim(now=now, limit=limit, only=only)
        if not ids:
            return 0
        items = list(
            Item.objects.filter(pk__in=ids)
            .select_related("case", "case__office", "recordal", "holder")
            .order_by("case_id", "deadline", "pk")
        )
        closed = _close_done(sorted({item.case_id for item in items}))
        events_record_bulk(events=_events(items, closed, now=now))
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
