"""Key the evidence chain, number its events and anchor each case's chain head outside the events table.

Schema: ``CaseEvent.seq`` (1, 2, ... per case, unique with the case), ``EvidenceHead`` (one per case:
last sequence number, last MAC, event count, updated at) and ``EvidenceSeal`` (a day's sealed digest
of all heads).

Data: events written before this migration carry an unkeyed SHA-256 chain, which anyone with write
access to the database could recompute. For each case, in the order the events were written (their
primary key), this migration

1. checks every link of the old chain (the SHA-256 of the event's fields and the previous hash, as
   the portal computed it until now);
2. numbers the events 1, 2, ... and replaces each hash with the HMAC-SHA256 under ``EVIDENCE_KEY``
   of the event's fields, its number and the previous event's new MAC (the MAC that
   ``confirmations.evidence.event_mac`` computes), as long as the old chain holds;
3. creates the case's head from its last event.

A case whose old chain was already broken keeps its old hashes from the first broken event on, so
``manage.py verify_evidence`` goes on reporting that case instead of the migration sealing over the
damage. Events deleted from the end of an old chain before this migration cannot be detected (the old
chain had no head); from now on they are. Set ``EVIDENCE_KEY`` before migrating: the MACs are made
under the key configured at that moment, and the portal verifies with the same key afterwards.
Reversing this migration drops the numbers, heads and seals; the hashes stay keyed MACs.
"""

import hashlib
import hmac
import json
from datetime import UTC

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BATCH = 1000


def _body(record) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _fields(event) -> dict:
    return {
        "case": event.case_id,
        "item": event.item_id,
        "actor": event.actor_id,
        "action": event.action,
        "from": event.from_status,
        "to": event.to_status,
        "data": event.data,
        "at": event.created_at.astimezone(UTC).isoformat(),
    }


def old_hash(event) -> str:
    """The unkeyed SHA-256 of the chain before this migration."""
    return hashlib.sha256(_body({**_fields(event), "prev": event.prev_hash})).hexdigest()


def keyed_mac(event, key: bytes) -> str:
    """The HMAC-SHA256 of the keyed chain, as of this migration."""
    return hmac.new(key, _body({**_fields(event), "seq": event.seq, "prev": event.prev_hash}), hashlib.sha256).hexdigest()


def rekey_chains(apps, schema_editor):
    """Check each old chain, number and re-MAC its events under EVIDENCE_KEY, and create its head."""
    CaseEvent = apps.get_model("confirmations", "CaseEvent")
    EvidenceHead = apps.get_model("confirmations", "EvidenceHead")
    key = settings.EVIDENCE_KEY.encode()
    changed, heads = [], []
    case_id, seq, old_prev, new_prev, intact, last = None, 0, "", "", True, None
    events = CaseEvent.objects.order_by("case_id", "pk").iterator(chunk_size=BATCH)
    for event in events:
        if event.case_id != case_id:
            if last is not None:
                heads.append(EvidenceHead(case_id=case_id, seq=seq, mac=last.hash, event_count=seq, updated_at=last.created_at))
            case_id, seq, old_prev, new_prev, intact = event.case_id, 0, "", "", True
        seq += 1
        event.seq = seq
        intact = intact and event.prev_hash == old_prev and old_hash(event) == event.hash
        old_prev = event.hash
        if intact:
            event.prev_hash = new_prev
            event.hash = keyed_mac(event, key)
            new_prev = event.hash
        changed.append(event)
        last = event
        if len(changed) >= BATCH:
            CaseEvent.objects.bulk_update(changed, ["seq", "prev_hash", "hash"])
            changed = []
    if last is not None:
        heads.append(EvidenceHead(case_id=case_id, seq=seq, mac=last.hash, event_count=seq, updated_at=last.created_at))
    CaseEvent.objects.bulk_update(changed, ["seq", "prev_hash", "hash"], batch_size=BATCH)
    EvidenceHead.objects.bulk_create(heads, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("confirmations", "0003_general_bond_events_rate_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="seq",
            field=models.PositiveIntegerField(default=0, verbose_name="sequence number"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="EvidenceHead",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="evidence_head",
                        serialize=False,
                        to="confirmations.case",
                    ),
                ),
                ("seq", models.PositiveIntegerField(verbose_name="last sequence number")),
                ("mac", models.CharField(max_length=64, verbose_name="last MAC")),
                ("event_count", models.PositiveIntegerField(verbose_name="events")),
                ("updated_at", models.DateTimeField(verbose_name="updated")),
            ],
            options={
                "verbose_name": "evidence chain head",
                "verbose_name_plural": "evidence chain heads",
                "ordering": ["case"],
            },
        ),
        migrations.CreateModel(
            name="EvidenceSeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True, verbose_name="day")),
                ("heads", models.JSONField(default=list, verbose_name="heads")),
                ("mac", models.CharField(max_length=64, verbose_name="MAC")),
                ("count", models.PositiveIntegerField(verbose_name="chains")),
                ("created_at", models.DateTimeField(verbose_name="sealed at")),
            ],
            options={
                "verbose_name": "evidence seal",
                "verbose_name_plural": "evidence seals",
                "ordering": ["-day"],
            },
        ),
        migrations.RunPython(rekey_chains, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="caseevent",
            constraint=models.UniqueConstraint(fields=("case", "seq"), name="one_event_per_case_seq"),
        ),
    ]
