"""Checking the evidence: each case's chain against its MACs, its head and the seals of its heads."""

import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter

from confirmations.evidence import SEAL_FORMAT, event_mac, seal_document, seal_mac
from confirmations.models import Case, CaseEvent, EvidenceHead, EvidenceSeal


@dataclass(frozen=True)
class Sealed:
    """The heads a seal recorded, by case id: (sequence, MAC)."""

    source: str
    heads: dict[int, tuple[int, str]]


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    cases: int = 0
    events: int = 0
    seals: list[str] = field(default_factory=list)


def seal_read(document, *, where: str) -> tuple[Sealed | None, str | None]:
    """Return a seal document's heads once its MAC holds, else the problem with it (one line)."""
    try:
        day, heads, mac = str(document["day"]), document["heads"], document["mac"]
        rows = {int(case): (int(seq), str(head)) for case, seq, head in heads}
    except (KeyError, TypeError, ValueError):
        return None, f"Seal {where}: not an evidence seal ({SEAL_FORMAT})."
    if not hmac.compare_digest(seal_mac(day, heads), str(mac)):
        return None, f"Seal of {day} {where}: its MAC does not match its contents (edited, or another key)."
    if document.get("count", len(rows)) != len(rows):
        return None, f"Seal of {day} {where}: it lists {len(rows)} heads but says {document['count']}."
    return Sealed(source=f"the seal of {day} {where}", heads=rows), None


def _latest_stored_seal() -> list[tuple[str, dict]]:
    latest = EvidenceSeal.objects.order_by("-day").first()
    return [("stored in the database", seal_document(latest))] if latest is not None else []


def case_problem(
    case_id: int, events: Iterable[CaseEvent], head: EvidenceHead | None, seals: list[Sealed]
) -> tuple[str | None, int]:
    """Return the first problem of one case's evidence (or None) and the number of events that held."""
    prev, count = "", 0
    sealed = [(seal.source, seal.heads[case_id]) for seal in seals if case_id in seal.heads]
    for event in events:
        expected = count + 1
        if event.seq != expected:
            return f"event {expected} is missing (the chain goes from event {count} to event {event.seq}).", count
        if event.prev_hash != prev:
            return f"event {event.seq} does not point to event {count}.", count
        if not hmac.compare_digest(event_mac(event), event.hash):
            return f"event {event.seq} does not match its MAC (edited, or the chain recomputed without the key).", count
        for source, (seq, mac) in sealed:
            if seq == event.seq and mac != event.hash:
                return f"event {seq} differs from the one recorded in {source}.", count
        prev, count = event.hash, expected
    if head is None:
        if count:
            return f"{count} events but no chain head.", count
        if sealed:
            source, (seq, _mac) = sealed[0]
            return f"no events and no chain head, but {source} records event {seq}.", count
        return None, count
    if count == 0:
        return f"all its events are missing (its head records {head.event_count}, up to event {head.seq}).", count
    if head.seq > count:
        missing = f"event ({head.seq}) is" if head.seq == count + 1 else f"events ({count + 1} to {head.seq}) are"
        return f"its last {missing} missing: the chain ends at event {count}, its head records {head.seq}.", count
    if (head.seq, head.mac, head.event_count) != (count, prev, count):
        return (
            f"its head (event {head.seq}, {head.event_count} events) disagrees with the chain (event {count}).",
            count,
        )
    for source, (seq, _mac) in sealed:
        if head.seq < seq:
            return f"its head went back to event {head.seq}, behind event {seq} recorded in {source}.", count
    return None, count


def evidence_check(*, seal_files: Iterable[tuple[str, dict]] = ()) -> Report:
    """Check every case's chain, its head, the latest stored seal and any downloaded seal documents."""
    report = Report()
    seals: list[Sealed] = []
    for where, document in [*_latest_stored_seal(), *seal_files]:
        sealed, problem = seal_read(document, where=where)
        if problem:
            report.problems.append(problem)
        else:
            seals.append(sealed)
            report.seals.append(sealed.source)
    heads = {head.case_id: head for head in EvidenceHead.objects.all()}
    found: dict[int, str] = {}
    seen: set[int] = set()
    events = CaseEvent.objects.order_by("case_id", "seq").iterator(chunk_size=2000)
    for case_id, chain in groupby(events, key=attrgetter("case_id")):
        seen.add(case_id)
        problem, count = case_problem(case_id, chain, heads.get(case_id), seals)
        report.events += count
        if problem:
            found[case_id] = problem
    sealed_ids = {case_id for seal in seals for case_id in seal.heads}
    for case_id in sorted((heads.keys() | sealed_ids) - seen):
        problem, _count = case_problem(case_id, [], heads.get(case_id), seals)
        if problem:
            found[case_id] = problem
    report.cases = len(seen | heads.keys())
    waybills = dict(Case.objects.filter(pk__in=found).values_list("pk", "waybill_number"))
    for case_id in sorted(found):
        label = f"waybill {waybills[case_id]}" if case_id in waybills else "no longer in the database"
        report.problems.append(f"Case {case_id} ({label}): {found[case_id]}")
    return report


def chain_verify(case_id: int) -> str | None:
    """Return the first problem of one case's evidence against its head and the latest seal, or None."""
    seals = [seal_read(document, where=where)[0] for where, document in _latest_stored_seal()]
    events = CaseEvent.objects.filter(case_id=case_id).order_by("seq").iterator()
    head = EvidenceHead.objects.filter(case_id=case_id).first()
    return case_problem(case_id, events, head, [seal for seal in seals if seal is not None])[0]
