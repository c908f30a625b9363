"""The daily seal of all chain heads: made once a day, downloadable by administrators only."""

import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.core.management import call_command
from django.urls import reverse

from confirmations import services, tasks
from confirmations.evidence import evidence_seal
from confirmations.evidence_check import seal_read
from confirmations.models import CaseEvent, EvidenceHead, EvidenceSeal
from confirmations.tests.factories import file_case, item_input

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LATE_EVENING = datetime(2026, 3, 10, 23, 50, tzinfo=SHANGHAI)


@pytest.fixture
def two_cases(filed, cast, recordals):
    case, _, _ = filed
    return case, file_case(cast.officer2, [item_input(recordals.nordik)])


def test_the_seal_lists_every_head_by_case_with_a_mac_over_the_day_and_the_list(two_cases):
    first, second = two_cases
    with time_machine.travel(LATE_EVENING, tick=False):
        seal, created = evidence_seal()
    assert created and seal.day.isoformat() == "2026-03-10" and seal.count == 2
    heads = {head.case_id: head for head in EvidenceHead.objects.all()}
    assert seal.heads == [
        [case.pk, heads[case.pk].seq, heads[case.pk].mac] for case in sorted(two_cases, key=lambda c: c.pk)
    ]
    sealed, problem = seal_read(
        {"day": "2026-03-10", "heads": seal.heads, "mac": seal.mac, "count": 2}, where="in test"
    )
    assert problem is None and sealed.heads[first.pk] == (3, heads[first.pk].mac)
    _, moved = seal_read({"day": "2026-03-11", "heads": seal.heads, "mac": seal.mac}, where="in test")
    assert moved == "Seal of 2026-03-11 in test: its MAC does not match its contents (edited, or another key)."


def test_the_periodic_task_seals_once_a_day_and_again_the_next_day(filed, cast):
    case, lumiere, _ = filed
    with time_machine.travel(LATE_EVENING, tick=False):
        first_id = tasks.seal_evidence()
        services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
        assert tasks.seal_evidence() == first_id
    first = EvidenceSeal.objects.get()
    assert first.heads == [[case.pk, 3, CaseEvent.objects.get(case=case, seq=3).hash]]
    with time_machine.travel(LATE_EVENING + timedelta(days=1), tick=False):
        second_id = tasks.seal_evidence()
    assert second_id != first_id
    assert EvidenceSeal.objects.get(pk=second_id).heads == [[case.pk, 4, CaseEvent.objects.get(case=case, seq=4).hash]]


def test_the_seal_command_makes_the_days_seal_once(filed):
    with time_machine.travel(LATE_EVENING, tick=False):
        out = io.StringIO()
        call_command("seal_evidence", stdout=out)
        call_command("seal_evidence", stdout=out)
    first, second = out.getvalue().splitlines()
    seal = EvidenceSeal.objects.get()
    assert first == f"Sealed 2026-03-10: 1 chain heads, MAC {seal.mac}."
    assert second == f"Already sealed 2026-03-10: 1 chain heads, MAC {seal.mac}."


def test_beat_seals_the_evidence_every_evening(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["seal-evidence"]
    assert entry["task"] == "confirmations.seal_evidence"
    assert entry["schedule"] == crontab(minute=50, hour=23)


def test_an_administrator_downloads_the_latest_seal_as_a_json_attachment(client, two_cases, cast):
    with time_machine.travel(LATE_EVENING - timedelta(days=1), tick=False):
        evidence_seal()
    with time_machine.travel(LATE_EVENING, tick=False):
        latest, _ = evidence_seal()
    client.force_login(cast.admin)
    response = client.get(reverse("confirmations:evidence-seal"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="evidence-seal-2026-03-10.json"'
    document = json.loads(response.content)
    assert document["mac"] == latest.mac and document["count"] == 2 and document["heads"] == latest.heads
    assert seal_read(document, where="downloaded")[1] is None
    earlier = client.get(reverse("confirmations:evidence-seal-day", args=["2026-03-09"]))
    assert json.loads(earlier.content)["day"] == "2026-03-09"
    assert client.get(reverse("confirmations:evidence-seal-day", args=["2026-03-08"])).status_code == 404
    assert client.get(reverse("confirmations:evidence-seal-day", args=["yesterday"])).status_code == 404


def test_no_seal_yet_is_not_found(client, cast):
    client.force_login(cast.admin)
    assert client.get(reverse("confirmations:evidence-seal")).status_code == 404


@pytest.mark.parametrize("role", ["holder1_user", "agent_user", "officer1"])
def test_holders_agents_and_officers_cannot_download_the_seal(client, filed, cast, role):
    evidence_seal()
    client.force_login(getattr(cast, role))
    assert client.get(reverse("confirmations:evidence-seal")).status_code == 403
    assert (
        client.get(reverse("confirmations:evidence-seal-day", args=[EvidenceSeal.objects.get().day])).status_code == 403
    )


def test_anonymous_visitors_are_sent_to_log_in_for_the_seal(client, filed):
    evidence_seal()
    response = client.get(reverse("confirmations:evidence-seal"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
