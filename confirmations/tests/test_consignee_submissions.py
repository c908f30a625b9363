"""The consignee's written explanation (Art 19) and its request for release against a counter-guarantee:
shown to the officer and the holder in the timeline, never the consignee's e-mail; every forbidden move refused."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from confirmations import services
from confirmations.models import CaseEvent, ConsigneeDocument, ConsigneeSubmission, Item
from confirmations.tests.consignee_factories import holder_link, record_link, shipment_with_detained_goods
from confirmations.views.consignee import device_cookie, device_secret
from portal.errors import Refused
from recordals.tests.factories import image_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def scene(cast, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scene = shipment_with_detained_goods(cast)
        scene.link, scene.token = record_link(cast, scene.case)
    args = [scene.link.public_id, scene.token]
    scene.facts = reverse("confirmations:consignee-facts", args=args)
    scene.explain = reverse("confirmations:consignee-explain", args=args)
    scene.counter = reverse("confirmations:consignee-counter-guarantee", args=[*args, scene.patent.pk])
    client.get(scene.facts)
    return scene


def _device(client, scene) -> str:
    request = RequestFactory().get("/")
    request.COOKIES[device_cookie(scene.link.public_id)] = client.cookies[device_cookie(scene.link.public_id)].value
    return device_secret(request, scene.link.public_id)


def _explain(client, scene, **fields):
    data = {"item": scene.patent.pk, "text": "These crowns are made under licence no. 42.", **fields}
    return client.post(scene.explain, data)


def test_consignee_sends_an_explanation_with_documents_and_sees_the_confirmation(client, scene):
    response = _explain(
        client,
        scene,
        documents=[SimpleUploadedFile("licence.pdf", PDF, "application/pdf"), image_upload("invoice.jpg")],
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Your explanation was sent" in page
    submission = ConsigneeSubmission.objects.get()
    assert [d.original_name for d in submission.documents.all()] == ["licence.pdf", "invoice.jpg"]
    event = CaseEvent.objects.get(action="consignee_explanation")
    assert (event.item_id, event.actor_id, event.data["party"]) == (scene.patent.pk, None, "Jean Dupont")
    assert "buyer@example.com" not in str(event.data)


def test_officer_and_holder_see_the_explanation_in_the_timeline_without_the_consignees_email(client, cast, scene):
    _explain(client, scene, documents=[SimpleUploadedFile("licence.pdf", PDF, "application/pdf")])
    document = ConsigneeSubmission.objects.get().documents.get()
    for user, sees_email in ((cast.officer1, True), (cast.holder1_user, False)):
        browser = Client()
        browser.force_login(user)
        page = browser.get(scene.case.get_absolute_url()).content.decode()
        assert "These crowns are made under licence no. 42." in page and "licence.pdf" in page
        assert ("buyer@example.com" in page) is sees_email
        download = browser.get(reverse("confirmations:consignee-document", args=[document.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    api = Client()
    api.force_login(cast.holder1_user)
    events = api.get(f"/api/items/{scene.patent.pk}/events/").content.decode()
    assert "These crowns" in events and "buyer@example.com" not in events


@pytest.mark.parametrize("who", ["holder2_user", "officer2", "outsider"])
def test_other_parties_cannot_download_the_explanation_documents(client, cast, scene, who):
    _explain(client, scene, documents=[SimpleUploadedFile("licence.pdf", PDF, "application/pdf")])
    document = ConsigneeSubmission.objects.get().documents.get()
    browser = Client()
    browser.force_login(getattr(cast, who))
    assert browser.get(reverse("confirmations:consignee-document", args=[document.pk])).status_code == 404


def test_an_empty_explanation_shows_the_error_summary(client, scene):
    response = _explain(client, scene, text="  ")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter your explanation." in page
    assert not ConsigneeSubmission.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/pdf"), "virus.exe is neither a PDF nor an image"),
        (SimpleUploadedFile("active.pdf", PDF.replace(b"<<>>", b"<</JavaScript 1>>"), "application/pdf"), "active"),
    ],
)
def test_documents_outside_the_upload_rules_are_refused(client, scene, upload, message):
    response = _explain(client, scene, documents=[upload])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConsigneeSubmission.objects.exists()


def test_at_most_five_documents(client, scene):
    uploads = [SimpleUploadedFile(f"d{n}.pdf", PDF, "application/pdf") for n in range(6)]
    assert "Attach at most 5 documents." in _explain(client, scene, documents=uploads).content.decode()


def test_goods_of_another_shipment_or_not_detained_cannot_be_explained(client, scene):
    other_item = scene.other.items.get()
    for item in (other_item, scene.pending):
        response = _explain(client, scene, item=item.pk)
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    with pytest.raises(services.FieldErrors):
        services.consignee_explanation_submit(
            public_id=scene.link.public_id,
            token=scene.token,
            device_secret=_device(client, scene),
            item_id=other_item.pk,
            text="x",
            documents=[],
        )
    assert not ConsigneeSubmission.objects.exists()


def test_another_device_cannot_submit(scene):
    other = Client()
    assert _explain(other, scene).status_code == 403
    assert other.post(scene.counter).status_code == 403
    assert not ConsigneeSubmission.objects.exists()


def test_consignee_requests_release_against_a_counter_guarantee_and_the_officer_releases(client, cast, scene):
    page = client.get(scene.counter).content.decode()
    assert "42,000.00 CNY" in page and f"IPR CG-{scene.case.pk}-{scene.patent.pk}" in page and "6222 0000 1111" in page
    response = client.post(scene.counter)
    assert response.status_code == 302
    assert "Your request was sent" in client.get(response["Location"]).content.decode()
    event = CaseEvent.objects.get(action="consignee_counter_guarantee_requested")
    assert (event.item_id, event.data["amount_cny"]) == (scene.patent.pk, "42000.00")
    officer = Client()
    officer.force_login(cast.officer1)
    assert (
        "Release against a counter-guarantee requested" in officer.get(scene.case.get_absolute_url()).content.decode()
    )
    released = officer.post(
        f"/api/items/{scene.patent.pk}/counter-guarantee/", {"amount_cny": "42000.00"}, content_type="application/json"
    )
    assert released.status_code == 200
    assert Item.objects.get(pk=scene.patent.pk).status == Item.Status.COUNTER_GUARANTEE
    assert "Released against counter-guarantee" in client.get(scene.facts).content.decode()


def test_a_counter_guarantee_is_requested_once(client, scene):
    client.post(scene.counter)
    response = client.post(scene.counter, follow=True)
    assert "already requested" in response.content.decode()
    assert ConsigneeSubmission.objects.count() == 1


def test_no_counter_guarantee_for_trademark_goods(client, scene):
    link, token = holder_link(scene.case, scene.trademark.holder)
    url = reverse("confirmations:consignee-counter-guarantee", args=[link.public_id, token, scene.trademark.pk])
    with pytest.raises(Refused, match="patent goods only"):
        services.consignee_counter_guarantee_request(
            public_id=link.public_id, token=token, device_secret=None, item_id=scene.trademark.pk
        )
    assert client.post(url).status_code == 404
    assert not ConsigneeSubmission.objects.exists()


def test_no_counter_guarantee_once_the_goods_are_no_longer_detained(client, cast, scene):
    services.item_investigation_record(officer=cast.officer1, item_id=scene.patent.pk, result="confirmed")
    response = client.post(scene.counter, follow=True)
    assert "Only detained goods" in response.content.decode()
    assert not ConsigneeSubmission.objects.exists()


def test_a_revoked_or_expired_link_cannot_submit(client, cast, scene):
    services.consignee_link_revoke(officer=cast.officer1, link_id=scene.link.pk)
    assert _explain(client, scene).status_code == 410
    assert client.post(scene.counter).status_code == 410
    with pytest.raises(services.LinkRefused):
        services.consignee_explanation_submit(
            public_id=scene.link.public_id,
            token=scene.token,
            device_secret=_device(client, scene),
            item_id=scene.patent.pk,
            text="Too late.",
            documents=[],
        )
    assert not ConsigneeSubmission.objects.exists()


def _export(cast, case):
    officer = Client()
    officer.force_login(cast.officer1)
    return officer.get(reverse("confirmations:case-export", args=[case.pk]))


def test_the_evidence_export_holds_the_consignee_documents_with_their_hashes(client, cast, scene):
    _explain(
        client,
        scene,
        documents=[SimpleUploadedFile("licence.pdf", PDF, "application/pdf"), image_upload("invoice.jpg")],
    )
    archive = zipfile.ZipFile(io.BytesIO(_export(cast, scene.case).content))
    manifest = json.loads(archive.read("consignee-documents/manifest.json"))
    documents = list(ConsigneeSubmission.objects.get().documents.order_by("pk"))
    assert [entry["original_name"] for entry in manifest] == ["licence.pdf", "invoice.jpg"]
    for entry, document in zip(manifest, documents, strict=True):
        content = archive.read(entry["file"])
        assert entry["sha256"] == hashlib.sha256(content).hexdigest() == entry["recorded_sha256"] == document.sha256
        assert entry["item"] == scene.patent.pk and entry["kind"] == "explanation"
    assert archive.read(manifest[0]["file"]) == PDF


def test_the_evidence_export_reads_the_consignee_documents_in_one_query_whatever_their_number(
    client, cast, scene, django_assert_num_queries
):
    _explain(client, scene, documents=[SimpleUploadedFile("one.pdf", PDF, "application/pdf")])
    with django_assert_num_queries(28):
        assert _export(cast, scene.case).status_code == 200
    _explain(client, scene, documents=[SimpleUploadedFile(f"{n}.pdf", PDF, "application/pdf") for n in range(4)])
    assert ConsigneeDocument.objects.count() == 5
    with django_assert_num_queries(28):
        assert _export(cast, scene.case).status_code == 200
