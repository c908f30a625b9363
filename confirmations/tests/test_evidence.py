import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from confirmations import services
from confirmations.evidence import chain_verify, event_hash
from confirmations.models import CaseEvent
from confirmations.tests.factories import file_case, image_upload, item_input
from portal.uploads import verify_image

pytestmark = pytest.mark.django_db


def test_each_event_points_to_the_previous_one(filed, cast):
    case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    events = list(CaseEvent.objects.filter(case=case).order_by("pk"))
    assert events[0].prev_hash == ""
    for previous, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == previous.hash
        assert event.hash == event_hash(event)
    assert chain_verify(case.pk) is None


def test_verify_evidence_passes_on_an_intact_history(filed):
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert "1 case chains verified" in out.getvalue()


def test_verify_evidence_names_the_first_edited_event(filed, cast):
    case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    edited = CaseEvent.objects.get(item=lumiere, action="decided")
    CaseEvent.objects.filter(pk=edited.pk).update(data={**edited.data, "decision": "infringing"})
    with pytest.raises(CommandError, match=f"Case {case.pk}: event {edited.pk}"):
        call_command("verify_evidence")


def test_verify_evidence_detects_a_deleted_event(filed):
    case, lumiere, _ = filed
    first = CaseEvent.objects.filter(case=case).order_by("pk").first()
    CaseEvent.objects.filter(pk=first.pk).delete()
    with pytest.raises(CommandError):
        call_command("verify_evidence")


def test_evidence_export_holds_record_events_and_photos_with_hashes(client, cast, recordals):
    verified = verify_image(image_upload())
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
