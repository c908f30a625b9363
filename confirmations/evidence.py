"""The evidence chain: each case event carries a keyed MAC over its fields and the previous event's MAC.

The MAC is HMAC-SHA256 under ``settings.EVIDENCE_KEY``, so a chain cannot be recomputed without the
key. The last link of every chain is also kept in ``EvidenceHead`` (moved in the same transaction as
each event), and once a day all heads are sealed in an ``EvidenceSeal`` that administrators download
and keep elsewhere: deleting events, even the last ones, or winding a head back is then visible.
"""

import hashlib
import hmac
import json
from datetime import UTC, date
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from confirmations.models import Case, CaseEvent, EvidenceHead, EvidenceSeal
from portal.audit import audit_build, audit_write, audit_write_many

SEAL_FORMAT = "customs-ipr-portal evidence seal 1"


SEALED_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
_PLAIN = (str, int, bool, type(None))


def canonical(value):
    """Return a JSON-safe copy of event data (decimals and dates as strings)."""
    if type(value) is dict and all(type(key) is str and type(item) in _PLAIN for key, item in value.items()):
        return dict(sorted(value.items()))
    return json.loads(json.dumps(value, default=str, sort_keys=True))


@lru_cache(maxsize=4)
def _keyed(key: str):
    return hmac.new(key.encode(), digestmod=hashlib.sha256)


def _mac(body) -> str:
    keyed = _keyed(settings.EVIDENCE_KEY).copy()
    keyed.update(SEALED_JSON.encode(body).encode())
    return keyed.hexdigest()


def event_mac(event: CaseEvent) -> str:
    """Return the HMAC-SHA256 over the event's fields, its place in the chain and its predecessor's MAC."""
    return _mac(
        {
            "case": event.case_id,
            "seq": event.seq,
            "item": event.item_id,
            "actor": event.actor_id,
            "action": event.action,
            "from": event.from_status,
            "to": event.to_status,
            "data": event.sealed_data(),
            "at": event.created_at.astimezone(UTC).isoformat(),
            "prev": event.prev_hash,
        }
    )


def seal_mac(day: str, heads: list) -> str:
    """Return the MAC of a seal: its day and the sorted [case id, sequence, head MAC] rows."""
    return _mac({"day": day, "heads": heads})


def event_record(
    *,
    case: Case,
    action: str,
    actor=None,
    item=None,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    data=None,
) -> CaseEvent:
    """Append an event to the case's chain and move its head; call inside the transaction that makes the change."""
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
    head = EvidenceHead.objects.select_for_update().filter(case_id=case.pk).first()

    def link(event: CaseEvent) -> None:
        event.seq, event.prev_hash = (head.seq + 1, head.mac) if head is not None else (1, "")
        event.hash = event_mac(event)

    event = audit_write(
        CaseEvent,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=canonical(data or {}),
        sign=link,
        case_id=case.pk,
        item_id=item.pk if item is not None else None,
    )
    if head is None:
        EvidenceHead.objects.create(
            case_id=case.pk, seq=event.seq, mac=event.hash, event_count=1, updated_at=event.created_at
        )
        return event
    moved = EvidenceHead.objects.filter(case_id=case.pk, seq=head.seq, mac=head.mac).update(
        seq=event.seq, mac=event.hash, event_count=F("event_count") + 1, updated_at=event.created_at
    )
    if not moved:
        raise IntegrityError(f"The evidence head of case {case.pk} moved while event {event.seq} was written.")
    return event


def event_build(*, case_id: int, action: str, item_id=None, at=None, **fields) -> CaseEvent:
    """Return an unsaved case event for ``events_record_bulk`` (``fields``: actor, from/to status, reason, data)."""
    fields.setdefault("actor", None)
    return audit_build(CaseEvent, action=action, at=at, case_id=case_id, item_id=item_id, **fields)


def events_record_bulk(*, events: list[CaseEvent], new_cases: bool = False, returning: bool = True) -> list[CaseEvent]:
    """Append many events (in list order per case) to their cases' chains in one insert; move each head once.

    The caller holds the lock of every case concerned (as ``event_record`` takes it), so no head moves meanwhile;
    ``new_cases`` says the cases were created in the caller's transaction: their chains start here, and a head
    that exists all the same is refused by its unique case, not overwritten; ``returning=False`` (sweeps) leaves
    the events without their ids, written the leanest way.
    """
    if not events:
        return []
    case_ids = sorted({event.case_id for event in events})
    heads = (
        {}
        if new_cases
        else {head.case_id: head for head in EvidenceHead.objects.select_for_update().filter(case_id__in=case_ids)}
    )
    links = {case_id: (head.seq, head.mac, head.event_count) for case_id, head in heads.items()}
    for event in events:
        seq, mac, count = links.get(event.case_id, (0, "", 0))
        event.data = canonical(event.data or {})
        event.seq, event.prev_hash = seq + 1, mac
        event.hash = event_mac(event)
        links[event.case_id] = (event.seq, event.hash, count + 1)
    created = audit_write_many(CaseEvent, events, returning=returning)
    moved_at = max(event.created_at for event in events)
    moved = [
        EvidenceHead(case_id=case_id, seq=seq, mac=mac, event_count=count, updated_at=moved_at)
        for case_id, (seq, mac, count) in links.items()
    ]
    if new_cases:
        EvidenceHead.objects.bulk_create(moved)
    else:
        EvidenceHead.objects.bulk_create(
            moved,
            update_conflicts=True,
            unique_fields=["case"],
            update_fields=["seq", "mac", "event_count", "updated_at"],
        )
    return created


def seal_document(seal: EvidenceSeal) -> dict:
    """Return the seal as the JSON an administrator downloads and keeps."""
    return {
        "format": SEAL_FORMAT,
        "day": seal.day.isoformat(),
        "sealed_at": seal.created_at.isoformat(),
        "count": seal.count,
        "heads": seal.heads,
        "mac": seal.mac,
    }


def evidence_seal(*, day: date | None = None) -> tuple[EvidenceSeal, bool]:
    """Seal every chain head for the (local) day; a second call that day returns the first seal."""
    day = day or timezone.localdate()
    existing = EvidenceSeal.objects.filter(day=day).first()
    if existing is not None:
        return existing, False
    heads = [list(row) for row in EvidenceHead.objects.order_by("case_id").values_list("case_id", "seq", "mac")]
    try:
        with transaction.atomic():
            seal = EvidenceSeal.objects.create(
                day=day,
                heads=heads,
                mac=seal_mac(day.isoformat(), heads),
                count=len(heads),
                created_at=timezone.now(),
            )
    except IntegrityError:
        return EvidenceSeal.objects.get(day=day), False
    return seal, True


def events_record_entries(entries: list[dict]) -> list[CaseEvent]:
    """Append many events given as dicts of ``event_record``'s arguments (for sweeps): lock their cases in id
    order, as every officer action does first, then write them through ``events_record_bulk``."""
    if not entries:
        return []
    case_ids = sorted({entry["case"].pk for entry in entries})
    list(Case.objects.select_for_update().filter(pk__in=case_ids).order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    events = [
        event_build(
            case_id=entry["case"].pk,
            item_id=entry["item"].pk if entry.get("item") is not None else None,
            actor=entry.get("actor"),
            action=entry["action"],
            from_status=entry.get("from_status", ""),
            to_status=entry.get("to_status", ""),
            reason=entry.get("reason", ""),
            data=entry.get("data"),
            at=now,
        )
        for entry in sorted(entries, key=lambda entry: entry["case"].pk)
    ]
    return events_record_bulk(events=events)
