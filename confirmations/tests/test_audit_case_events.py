"""Case events are audit records: the reason has its own field, the chain and the API read as before."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command

from confirmations import services
from confirmations.evidence_check import chain_verify
from confirmations.models import CaseEvent, Item

pytestmark = pytest.mark.django_db


def _release_with_reason(cast, item, reason="Cleared by the holder's letter"):
    services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="not_infringing")
    services.item_release(officer=cast.officer1, item_id=item.pk, reason=reason)
    return CaseEvent.objects.get(item=item, action="released")


def test_a_release_reason_is_stored_once_in_its_own_field_and_the_chain_holds(filed, cast):
    case, lumiere, _ = filed

    event = _release_with_reason(cast, lumiere)

    assert event.reason == "Cleared by the holder's letter" and "reason" not in event.data
    assert chain_verify(case.pk) is None


def test_the_api_publishes_the_reason_inside_the_events_data_as_before(filed, cast, api_client):
    _case, lumiere, _ = filed
    _release_with_reason(cast, lumiere)
    api_client.force_authenticate(cast.officer1)

    events = api_client.get(f"/api/items/{lumiere.pk}/events/").json()

    assert events[-1]["action"] == "released"
    assert events[-1]["data"] == {"reason": "Cleared by the holder's letter"}


def test_the_timeline_shows_the_reason(filed, cast, client):
    case, lumiere, _ = filed
    _release_with_reason(cast, lumiere)
    client.force_login(cast.officer1)

    assert "Cleared by the holder&#x27;s letter" in client.get(case.get_absolute_url()).content.decode()


def test_a_lapse_records_both_stored_states_and_the_chain_verifies(filed, cast):
    case, lumiere, nordik = filed
    services.item_decide(user=cast.holder2_user, item_id=nordik.pk, decision="not_infringing")

    with time_machine.travel(lumiere.deadline, tick=False):
        assert services.items_lapse_due() == 1

    steps = list(CaseEvent.objects.filter(item=lumiere).order_by("seq").values_list("from_status", "to_status"))
    assert steps[-2:] == [("pending", "lapsed"), ("lapsed", "released")]
    assert Item.objects.get(pk=lumiere.pk).status == steps[-1][1]
    assert chain_verify(case.pk) is None


def test_each_deadline_reminder_sent_is_one_event_in_the_items_chain(filed):
    case, lumiere, _ = filed

    with time_machine.travel(lumiere.deadline - timedelta(hours=1), tick=False):
        assert services.deadline_reminders_send() == 2
        assert services.deadline_reminders_send() == 0

    (event,) = CaseEvent.objects.filter(item=lumiere, action="deadline_reminder")
    assert (event.from_status, event.to_status, event.data["hours"]) == ("pending", "pending", 2)
    assert event.action_label() == "Deadline near: the holder reminded"
    assert chain_verify(case.pk) is None


def test_every_chain_verifies_after_all_kinds_of_events(filed, cast):
    _case, lumiere, _ = filed
    _release_with_reason(cast, lumiere)
    out = io.StringIO()

    call_command("verify_evidence", stdout=out)

    assert out.getvalue().startswith("OK: 1 case chains")
