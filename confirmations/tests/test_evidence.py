import io
import json
import threading
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from confirmations import services
from confirmations.evidence import event_mac, event_record
from confirmations.evidence_check import chain_verify
from confirmations.models import CaseEvent, EvidenceHead
from confirmations.tests.factories import file_case, item_input
from portal.uploads import verify_image
from recordals.tests.factories import image_upload

pytestmark = pytest.mark.django_db


def test_each_event_is_numbered_and_points_to_the_previous_one_and_the_head_to_the_last(filed, cast):
    case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == ""
    for previous, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == previous.hash
        assert event.hash == event_mac(event)
    head = EvidenceHead.objects.get(case=case)
    assert (head.seq, head.mac, head.event_count) == (events[-1].seq, events[-1].hash, len(events))
    assert chain_verify(case.pk) is None


def test_the_chain_mac_depends_on_the_evidence_key(filed, settings):
    case, _, _ = filed
    event = CaseEvent.objects.filter(case=case).first()
    settings.EVIDENCE_KEY = "another-key-another-key-another-key"
    assert event_mac(event) != event.hash
    assert chain_verify(case.pk) is not None


def test_verify_evidence_prints_one_ok_line_on_an_intact_history(filed):
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert out.getvalue().strip() == "OK: 1 case chains, 3 events verified; no seal yet."


def test_evidence_export_holds_record_events_and_photos_with_hashes(client, cast, recordals):
    verified = verify_image(image_upload("photo.jpg"))
    case = file_case(cast.officer1, [item_input(recordals.lumiere, photos=[verified])])
    client.force_login(cast.officer1)
    response = client.get(reverse("confirmations:case-export", args=[case.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    record = json.loads(archive.read("record.json"))
    assert record["case"]["id"] == case.pk and record["chain_intact"] is True
    assert len(json.loads(archive.read("events.json"))) == 2
    manifest = json.loads(archive.read("photos/manifest.json"))
    assert manifest[0]["sha256"] == verified.sha256 == manifest[0]["recorded_sha256"]


def test_holder_cannot_export_a_case(client, filed, cast):
    case, _, _ = filed
    client.force_login(cast.holder1_user)
    assert client.get(reverse("confirmations:case-export", args=[case.pk])).status_code == 403
    client.force_login(cast.officer2)
    assert client.get(reverse("confirmations:case-export", args=[case.pk])).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_concurrent_writers_on_postgresql_extend_one_chain_without_a_fork(cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.lumiere)])
    barrier = threading.Barrier(6)

    def write():
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                event_record(case=case, action="photos_added", actor=cast.officer1)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("seq", flat=True)) == list(range(1, 9))
    assert EvidenceHead.objects.get(case=case).event_count == 8
    assert chain_verify(case.pk) is None
