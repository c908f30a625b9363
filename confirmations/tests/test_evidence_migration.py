"""Migration 0004 re-MACs chains written under the old unkeyed SHA-256 and gives each case its head."""

import hashlib
import io
import json
from datetime import UTC

import pytest
from django.core.management import CommandError, call_command

from confirmations.tests.factories import file_case, item_input

BEFORE = [("confirmations", "0003_general_bond_events_rate_code")]


def old_hash(event) -> str:
    """The chain as the portal wrote it before the key: SHA-256 over the fields and the previous hash."""
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
    return hashlib.sha256(
        json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()
    ).hexdigest()


def write_old_chains(apps) -> None:
    CaseEvent = apps.get_model("confirmations", "CaseEvent")
    prev, case_id = "", None
    for event in CaseEvent.objects.order_by("case_id", "pk"):
        prev = "" if event.case_id != case_id else prev
        case_id = event.case_id
        event.prev_hash = prev
        event.hash = old_hash(event)
        event.save(update_fields=["prev_hash", "hash"])
        prev = event.hash


def old_portal(migrator, cast, recordals):
    """Two cases whose events carry the old unkeyed chain and no head, as in a deployed database."""
    first = file_case(cast.officer1, [item_input(recordals.lumiere), item_input(recordals.nordik)])
    second = file_case(cast.officer2, [item_input(recordals.nordik)])
    migrator.migrate(BEFORE)
    apps = migrator.loader.project_state(BEFORE).apps
    write_old_chains(apps)
    return apps, first, second


def migrate_forward(migrator):
    migrator.loader.build_graph()
    migrator.migrate(migrator.loader.graph.leaf_nodes())


def test_migrated_old_chains_verify_under_the_key_with_a_head_per_case(migrator, cast, recordals):
    _apps, first, second = old_portal(migrator, cast, recordals)
    migrate_forward(migrator)
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert out.getvalue().strip() == "OK: 2 case chains, 5 events verified; no seal yet."
    from confirmations.models import EvidenceHead

    assert sorted(EvidenceHead.objects.values_list("case_id", "seq", "event_count")) == [
        (first.pk, 3, 3),
        (second.pk, 2, 2),
    ]


def test_an_old_chain_broken_before_the_migration_stays_reported(migrator, cast, recordals):
    apps, first, _second = old_portal(migrator, cast, recordals)
    CaseEvent = apps.get_model("confirmations", "CaseEvent")
    edited = CaseEvent.objects.filter(case_id=first.pk).order_by("pk")[1]
    CaseEvent.objects.filter(pk=edited.pk).update(data={"edited": True})
    migrate_forward(migrator)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_evidence", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        f"Case {first.pk} (waybill {first.waybill_number}): event 2 does not point to event 1."
    ]
