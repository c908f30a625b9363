"""The tamper table: each way of altering the evidence fails verify_evidence with one line naming the case."""

import hashlib
import hmac
import io
import json
from datetime import UTC

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from confirmations import services
from confirmations.evidence import evidence_seal, seal_document
from confirmations.models import CaseEvent, EvidenceHead, EvidenceSeal

pytestmark = pytest.mark.django_db


def verify_fails(*args) -> list[str]:
    """Run verify_evidence, expect it to fail, return the problem lines it printed."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="Evidence check failed"):
        call_command("verify_evidence", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


def line_for(case, text: str) -> str:
    return f"Case {case.pk} (waybill {case.waybill_number}): {text}"


@pytest.fixture
def decided(filed, cast):
    """The filed case with a fourth event: holder1's decision."""
    case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    return case


def forge(event: CaseEvent, digest) -> None:
    """What an attacker without the key does: recompute an event's hash over the same fields."""
    record = {
        "case": event.case_id,
        "seq": event.seq,
        "item": event.item_id,
        "actor": event.actor_id,
        "action": event.action,
        "from": event.from_status,
        "to": event.to_status,
        "data": event.data,
        "at": event.created_at.astimezone(UTC).isoformat(),
        "prev": event.prev_hash,
    }
    event.hash = digest(json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode())


def recompute_chain_from(case, seq: int, digest) -> None:
    events = list(CaseEvent.objects.filter(case=case, seq__gte=seq - 1).order_by("seq"))
    for previous, event in zip(events, events[1:], strict=False):
        event.prev_hash = previous.hash
        forge(event, digest)
        CaseEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
    EvidenceHead.objects.filter(case=case).update(mac=events[-1].hash)


def roll_back_last_event(case) -> None:
    """Delete the case's last event and wind its head back to the one before, consistently."""
    last = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    last.delete()
    previous = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    EvidenceHead.objects.filter(case=case).update(seq=previous.seq, mac=previous.hash, event_count=previous.seq)


def test_intact_evidence_exits_zero_with_one_ok_line(decided):
    evidence_seal()
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK: 1 case chains, 4 events verified; heads agree with the seal")


def test_an_edited_event_field_is_reported(decided):
    edited = CaseEvent.objects.get(case=decided, action="decided")
    CaseEvent.objects.filter(pk=edited.pk).update(data={**edited.data, "decision": "infringing"})
    assert verify_fails() == [
        line_for(decided, "event 4 does not match its MAC (edited, or the chain recomputed without the key).")
    ]


def test_a_deleted_last_event_is_reported(decided):
    CaseEvent.objects.filter(case=decided, seq=4).delete()
    assert verify_fails() == [
        line_for(decided, "its last event (4) is missing: the chain ends at event 3, its head records 4.")
    ]


def test_several_deleted_last_events_are_reported(decided):
    CaseEvent.objects.filter(case=decided, seq__gte=2).delete()
    assert verify_fails() == [
        line_for(decided, "its last events (2 to 4) are missing: the chain ends at event 1, its head records 4.")
    ]


def test_a_deleted_middle_event_is_reported(decided):
    CaseEvent.objects.filter(case=decided, seq=2).delete()
    assert verify_fails() == [line_for(decided, "event 2 is missing (the chain goes from event 1 to event 3).")]


def test_a_case_whose_events_were_all_deleted_is_reported(decided):
    CaseEvent.objects.filter(case=decided).delete()
    assert verify_fails() == [line_for(decided, "all its events are missing (its head records 4, up to event 4).")]


def test_a_chain_recomputed_with_plain_sha256_after_an_edit_is_reported(decided):
    edited = CaseEvent.objects.get(case=decided, seq=2)
    CaseEvent.objects.filter(pk=edited.pk).update(data={**edited.data, "value_cny": "1.00"})
    recompute_chain_from(decided, 2, lambda body: hashlib.sha256(body).hexdigest())
    assert verify_fails() == [
        line_for(decided, "event 2 does not match its MAC (edited, or the chain recomputed without the key).")
    ]


def test_a_chain_recomputed_under_a_guessed_key_is_reported(decided, settings):
    edited = CaseEvent.objects.get(case=decided, seq=1)
    CaseEvent.objects.filter(pk=edited.pk).update(to_status="closed")
    guess = settings.SECRET_KEY.encode()
    recompute_chain_from(decided, 1, lambda body: hmac.new(guess, body, hashlib.sha256).hexdigest())
    assert verify_fails() == [
        line_for(decided, "event 1 does not match its MAC (edited, or the chain recomputed without the key).")
    ]


def test_a_head_rolled_back_after_the_seal_is_reported(decided):
    seal, _ = evidence_seal()
    roll_back_last_event(decided)
    assert verify_fails() == [
        line_for(
            decided,
            f"its head went back to event 3, behind event 4 recorded in the seal of {seal.day} stored in the database.",
        )
    ]


def test_a_head_rolled_back_with_the_stored_seals_deleted_is_caught_by_the_downloaded_seal(decided, tmp_path):
    seal, _ = evidence_seal()
    downloaded = tmp_path / "seal.json"
    downloaded.write_text(json.dumps(seal_document(seal)))
    roll_back_last_event(decided)
    EvidenceSeal.objects.all().delete()
    call_command("verify_evidence", stdout=io.StringIO())
    assert verify_fails("--seal", str(downloaded)) == [
        line_for(
            decided, f"its head went back to event 3, behind event 4 recorded in the seal of {seal.day} in seal.json."
        )
    ]


def test_an_edited_downloaded_seal_is_refused(decided, tmp_path):
    seal, _ = evidence_seal()
    document = seal_document(seal)
    document["heads"][0][1] = 99
    downloaded = tmp_path / "seal.json"
    downloaded.write_text(json.dumps(document))
    assert verify_fails("--seal", str(downloaded)) == [
        f"Seal of {seal.day} in seal.json: its MAC does not match its contents (edited, or another key)."
    ]


def test_a_deleted_head_is_reported(decided):
    EvidenceHead.objects.filter(case=decided).delete()
    assert verify_fails() == [line_for(decided, "4 events but no chain head.")]


def test_each_broken_case_gets_its_own_line_and_intact_cases_none(decided, cast, recordals):
    from confirmations.tests.factories import file_case, item_input

    second = file_case(cast.officer1, [item_input(recordals.nordik)])
    third = file_case(cast.officer2, [item_input(recordals.lumiere)])
    CaseEvent.objects.filter(case=decided, seq=4).delete()
    CaseEvent.objects.filter(case=third).delete()
    assert verify_fails() == [
        line_for(decided, "its last event (4) is missing: the chain ends at event 3, its head records 4."),
        line_for(third, "all its events are missing (its head records 2, up to event 2)."),
    ]
    assert CaseEvent.objects.filter(case=second).count() == 2


def test_a_second_event_with_the_same_sequence_number_cannot_fork_the_chain(decided):
    last = CaseEvent.objects.filter(case=decided).order_by("-seq").first()
    fork = CaseEvent(
        case_id=decided.pk,
        action="released",
        created_at=last.created_at,
        seq=last.seq,
        prev_hash=last.prev_hash,
        hash="f" * 64,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save()
