"""Events written without their ids (the sweeps' lean insert) are stored exactly as the ordinary insert stores them."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from confirmations.evidence import canonical, event_build, events_record_bulk
from confirmations.evidence_check import evidence_check
from confirmations.models import CaseEvent

pytestmark = pytest.mark.django_db

COLUMNS = [field.attname for field in CaseEvent._meta.concrete_fields if not field.primary_key]


def _events(case, item, *, action: str) -> list[CaseEvent]:
    moment = timezone.now().replace(microsecond=123456)
    return [
        event_build(
            case_id=case.pk,
            item_id=item.pk,
            action=action,
            from_status="pending",
            to_status="lapsed",
            reason="Pas de réponse — 未答复",
            data={"deadline": moment.isoformat(), "automatic": True, "count": n, "none": None},
            at=moment,
        )
        for n in range(3)
    ]


def _stored(action: str) -> list[dict]:
    rows = CaseEvent.objects.filter(action=action).order_by("seq").values(*COLUMNS)
    return [
        {key: value for key, value in row.items() if key not in ("action", "seq", "prev_hash", "hash")} for row in rows
    ]


@pytest.mark.postgres
def test_events_written_without_ids_are_stored_field_by_field_as_with_ids(filed):
    case, lumiere, _ = filed
    with transaction.atomic():
        written = events_record_bulk(events=_events(case, lumiere, action="lapsed"))
    with transaction.atomic():
        lean = events_record_bulk(events=_events(case, lumiere, action="released"), returning=False)
    assert all(event.pk is not None for event in written)
    assert _stored("lapsed") == _stored("released") and len(_stored("released")) == 3
    for event in lean:
        assert CaseEvent.objects.filter(hash=event.hash).values(*COLUMNS).get() == {
            column: getattr(event, column) for column in COLUMNS
        }
    assert evidence_check().problems == []


def test_canonical_data_keeps_plain_values_and_turns_the_rest_into_text():
    assert canonical({"b": "x", "a": 1, "c": True, "d": None}) == {"a": 1, "b": "x", "c": True, "d": None}
    assert list(canonical({"b": "x", "a": 1})) == ["a", "b"]
    assert canonical({"amount": Decimal("1.50"), "nested": {"at": timezone.datetime(2026, 1, 2)}}) == {
        "amount": "1.50",
        "nested": {"at": "2026-01-02 00:00:00"},
    }
