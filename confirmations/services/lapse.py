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

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from confirmations.evidence import event_build, events_record_bulk
from confirmations.models import Case, Item
from confirmations.rollup_moved import roll_up_on_commit
from confirmations.services.notify import LAPSE_REASON
from confirmations.services.notify_bulk import notify_items_lapsed

S = Item.Status
LAPSE_BATCH = 1000
# Items released by a batch carry this mark (and the batch's token) until the batch's notices are written.
NOTICE_MARK = "lapsed:"
NOTICE_LEFT_AFTER = timedelta(minutes=2)
logger = logging.getLogger(__name__)


@dataclass
class Released:
    """An item a batch released: what its events need."""

    pk: int
    case_id: int
    deadline: datetime


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
UPDATE confirmations_item
SET status = 'released', decision = 'lapsed', officer_action_at = %(now)s, sweep_claim = %(token)s
WHERE id IN (SELECT id FROM due) AND status = 'pending'
RETURNING id, case_id, deadline
"""

_CLAIM_OTHER = """
UPDATE confirmations_item
SET status = 'released', decision = 'lapsed', officer_action_at = %(now)s, sweep_claim = %(token)s
WHERE id IN (
    SELECT id FROM confirmations_item WHERE status = 'pending' AND deadline <= %(now)s {only}
    ORDER BY deadline, id LIMIT %(limit)s
) AND status = 'pending'
RETURNING id, case_id, deadline
"""


def _claim(*, now, limit: int, only: list[int] | None, token: str) -> list[Released]:
    """Release up to ``limit`` due pending items as lapsed in one statement, marked with ``token`` until their
    notices are written; return them in chain order (by case, deadline, id)."""
    sql = _CLAIM_POSTGRESQL if connection.vendor == "postgresql" else _CLAIM_OTHER
    params = {"now": now, "limit": limit, "token": token}
    clause = ""
    if only is not None:
        params.update({f"only{n}": pk for n, pk in enumerate(only)})
        clause = "AND id IN ({})".format(", ".join(f"%(only{n})s" for n in range(len(only))))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(only=clause), params)
        rows = [Released(*row) for row in cursor.fetchall()]
    for row in rows:
        if isinstance(row.deadline, str):
            row.deadline = parse_datetime(row.deadline)
        if timezone.is_naive(row.deadline):
            row.deadline = row.deadline.replace(tzinfo=UTC)
    return sorted(rows, key=lambda row: (row.case_id, row.deadline, row.pk))


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


def _events(items: list[Released], closed: list[int], *, now) -> list:
    """Return the batch's events in chain order per case: each item's lapse and release, then the case's close."""
    events, reason = [], str(LAPSE_REASON)
    for item in items:
        common = {"case_id": item.case_id, "item_id": item.pk, "at": now, "reason": reason}
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
    token = f"{NOTICE_MARK}{uuid.uuid4().hex[:24]}"
    with transaction.atomic():
        released = _claim(now=now, limit=limit, only=only, token=token)
        if not released:
            return 0
        closed = _close_done(sorted({row.case_id for row in released}))
        events_record_bulk(events=_events(released, closed, now=now), returning=False)
        transaction.on_commit(lambda: _queue(token))
    return len(released)


def _queue(token: str) -> None:
    from confirmations.tasks import notify_lapsed

    try:
        notify_lapsed.delay(token)
    except Exception as exc:  # noqa: BLE001 - the items keep their mark; the next sweep writes their notices
        logger.warning("queue unreachable, notices of lapse batch %s left for the next sweep: %s", token, exc)


def lapsed_notify(*, token: str) -> int:
    """Write the notices of one lapse batch (marked ``token``) in bulk, once; return how many items they tell of."""
    with transaction.atomic():
        items = list(
            Item.objects.select_for_update(of=("self",))
            .filter(sweep_claim=token)
            .select_related("case", "case__office", "recordal", "holder")
            .order_by("case_id", "deadline", "pk")
        )
        if items:
            notify_items_lapsed(items)
            Item.objects.filter(pk__in=[item.pk for item in items]).update(sweep_claim="")
    return len(items)


def _notify_left(*, now) -> None:
    """Write the notices of batches whose task was lost (queue down, worker died) a while ago."""
    left = (
        Item.objects.filter(sweep_claim__startswith=NOTICE_MARK, officer_action_at__lte=now - NOTICE_LEFT_AFTER)
        .values_list("sweep_claim", flat=True)
        .distinct()
    )
    for token in list(left):
        lapsed_notify(token=token)


def items_lapse_due(*, now=None, batch: int = LAPSE_BATCH, only: list[int] | None = None) -> int:
    """Release every pending item whose deadline passed, batch after batch; return how many this run released.

    Safe to run twice, after downtime, and alongside another sweep (each item is released once). Each batch's
    notices are written by one task queued when it commits; a batch whose task was lost is told by a later run.
    Once the run commits, the statistics' roll-up is queued to take in the days it moved.
    """
    now = now or timezone.now()
    _notify_left(now=now)
    total = 0
    while released := _lapse_batch(now=now, limit=batch, only=only):
        total += released
    if total and only is None:
        roll_up_on_commit()
    return total


def item_lapse(*, item_id: int, now=None) -> bool:
    """Release one pending item whose deadline passed; return False if it was answered or done."""
    return bool(items_lapse_due(now=now, only=[item_id]))
