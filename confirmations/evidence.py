"""The evidence chain: each case event carries the hash of the previous one of its case."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.utils import timezone

from confirmations.models import Case, CaseEvent


def canonical(value):
    """Return a JSON-safe copy of event data (decimals and dates as strings)."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def event_hash(event: CaseEvent) -> str:
    """Return the SHA-256 over the event's canonical fields and its predecessor's hash."""
    record = {
        "case": event.case_id,
        "item": event.item_id,
        "actor": event.actor_id,
        "action": event.action,
        "from": event.from_status,
        "to": event.to_status,
        "data": event.data,
        "at": event.created_at.astimezone(UTC).isoformat(),
        "prev": event.prev_hash,
    }
    body = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def event_record(
    *, case: Case, action: str, actor=None, item=None, from_status: str = "", to_status: str = "", data=None
) -> CaseEvent:
    """Append an event to the case's chain; call inside the transaction that makes the change."""
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
    prev = CaseEvent.objects.filter(case_id=case.pk).order_by("-pk").values_list("hash", flat=True)
    event = CaseEvent(
        case_id=case.pk,
        item_id=item.pk if item is not None else None,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        data=canonical(data or {}),
        created_at=timezone.now(),
        prev_hash=prev.first() or "",
    )
    event.hash = event_hash(event)
    event.save()
    return event


@dataclass(frozen=True)
class ChainBreak:
    case_id: int
    event_id: int
    reason: str


def chain_verify(case_id: int) -> ChainBreak | None:
    """Return the first break in a case's chain, or None when every link holds."""
    prev = ""
    for event in CaseEvent.objects.filter(case_id=case_id).order_by("pk").iterator():
        if event.prev_hash != prev:
            return ChainBreak(case_id, event.pk, "does not point to the previous event")
        if event_hash(event) != event.hash:
            return ChainBreak(case_id, event.pk, "content does not match its hash")
        prev = event.hash
    return None
