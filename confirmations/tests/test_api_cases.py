import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from confirmations.models import Case, Item
from confirmations.tests.factories import file_case, item_input
from recordals.tests.factories import image_upload

pytestmark = pytest.mark.django_db


def _payload(recordals, **extra):
    return {
        "channel": "mail",
        "direction": "import",
        "waybill_number": "RR123456785CN",
        "consignor": "Shady Exports Ltd",
        "consignee": "A. Buyer",
        "currency": "USD",
        "items": [
            {"recordal": recordals.lumiere.pk, "description": "Watches", "quantity": 3, "value": "300.00"},
            {"recordal": recordals.nordik.pk, "description": "Watch straps", "quantity": 10, "value": "50.00"},
        ],
        **extra,
    }


def test_officer_files_a_case_and_holders_are_emailed(api_client, cast, recordals, django_capture_on_commit_callbacks):
    api_client.force_authenticate(cast.officer1)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/cases/", _payload(recordals), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] and [item["id"] for item in body["items"]]
    assert body["items"][0]["value_cny"] == "2130.00" and body["items"][0]["flagged_infringer"] is True
    assert {m.to[0] for m in mail.outbox} >= {cast.holder1_user.email, cast.holder2_user.email}


def test_case_errors_are_per_field(api_client, cast, recordals):
    api_client.force_authenticate(cast.officer1)
    payload = _payload(recordals, channel="pigeon", currency="XYZ")
    response = api_client.post("/api/cases/", payload, format="json")
    assert response.status_code == 400 and "channel" in response.json()
    response = api_client.post("/api/cases/", _payload(recordals, currency="XYZ"), format="json")
    assert response.status_code == 400 and "currency" in response.json()
    payload = _payload(recordals)
    payload["items"][1]["recordal"] = 999999
    response = api_client.post("/api/cases/", payload, format="json")
    assert response.status_code == 400 and "recordal" in response.json()["items"][1]
    assert not Case.objects.exists()


def test_holder_cannot_use_the_cases_api(api_client, cast, recordals):
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.post("/api/cases/", _payload(recordals), format="json").status_code == 403
    assert api_client.get("/api/cases/").status_code == 403


def test_officer_lists_only_its_offices_cases(api_client, cast, recordals):
    mine = file_case(cast.officer1, [item_input(recordals.lumiere)])
    theirs = file_case(cast.officer2, [item_input(recordals.lumiere)])
    api_client.force_authenticate(cast.officer1)
    ids = [c["id"] for c in api_client.get("/api/cases/").json()["results"]]
    assert ids == [mine.pk]
    assert api_client.get(f"/api/cases/{theirs.pk}/").status_code == 404


def test_case_list_query_count_does_not_grow_with_cases(api_client, cast, recordals):
    api_client.force_authenticate(cast.officer1)
    file_case(cast.officer1, [item_input(recordals.lumiere)])
    api_client.get("/api/cases/")
    with CaptureQueriesContext(connection) as one:
        api_client.get("/api/cases/")
    for _ in range(4):
        file_case(cast.officer1, [item_input(recordals.lumiere), item_input(recordals.nordik)])
    with CaptureQueriesContext(connection) as five:
        assert len(api_client.get("/api/cases/").json()["results"]) == 5
    assert len(five) == len(one) == 3


def test_officer_adds_a_photo_to_an_item(api_client, cast, recordals):
    item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    api_client.force_authenticate(cast.officer1)
    response = api_client.post(
        f"/api/items/{item.pk}/photos/", {"image": image_upload("photo.jpg")}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["url"].endswith(f"/items/photos/{response.json()['id']}/")


def test_a_non_image_is_refused_with_a_field_error(api_client, cast, recordals):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    api_client.force_authenticate(cast.officer1)
    fake = SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = api_client.post(f"/api/items/{item.pk}/photos/", {"image": fake}, format="multipart")
    assert response.status_code == 400 and "image" in response.json()
    assert not item.photos.exists()


def test_officer_of_another_office_cannot_add_photos(api_client, cast, recordals):
    item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    api_client.force_authenticate(cast.officer2)
    response = api_client.post(
        f"/api/items/{item.pk}/photos/", {"image": image_upload("photo.jpg")}, format="multipart"
    )
    assert response.status_code == 404


def test_schema_documents_the_contract(api_client, cast):
    api_client.force_authenticate(cast.admin)
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in [
        "/api/cases/",
        "/api/items/",
        "/api/items/{id}/decision/",
        "/api/items/{id}/detain/",
        "/api/items/{id}/release/",
        "/api/items/{id}/photos/",
        "/api/stats/",
    ]:
        assert path in schema["paths"], path
    assert Item  # the model module imports cleanly alongside the schema
