"""/api/detention-requests/: create, list, retrieve, accept, refuse, withdraw; every forbidden move."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from confirmations.models import DetentionRequest
from confirmations.services.request_detention import detention_requests_release_due
from confirmations.tests.request_factories import submit_request

# These tests build data on fixed calendar dates (windows, deadlines, validity) and assert them.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
URL = "/api/detention-requests/"


@pytest.fixture
def submitted(cast, recordals):
    return submit_request(cast.holder1_user, recordals.lumiere, cast.office1)


def body(cast, recordals, **fields):
    return {
        "recordal": recordals.lumiere.pk,
        "office": cast.office1.pk,
        "goods": "Fake watches",
        "quantity": 50,
        "value": "8000.00",
        "currency": "CNY",
        "expected_port": "Ningbo",
        "expected_from": "2026-03-15",
        "expected_until": "2026-03-30",
        "evidence_summary": "Order confirmation seen.",
        "container_number": "MSKU-1",
        **fields,
    }


def test_holder_applies_and_sees_bond_and_review_date(api_client, cast, recordals):
    api_client.force_authenticate(cast.holder1_user)
    answer = api_client.post(URL, body(cast, recordals), format="json")
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    assert data["status"] == "submitted"
    assert data["bond_amount_cny"] == data["value_cny"] == "8000.00"
    assert data["bond_lodged"] is False
    assert data["review_due_date"] == "2026-03-13"
    assert data["reference"] == f"DR-{data['id']}"


def test_create_answers_field_errors_from_shape_and_from_rules(api_client, cast, recordals):
    api_client.force_authenticate(cast.holder1_user)
    shape = api_client.post(URL, body(cast, recordals, quantity=0, expected_from="soon"), format="json")
    assert shape.status_code == 400
    assert set(shape.json()) == {"quantity", "expected_from"}
    rules = api_client.post(
        URL, body(cast, recordals, office=cast.holder2.pk, expected_until="2026-03-01"), format="json"
    )
    assert rules.status_code == 400
    assert set(rules.json()) == {"office", "expected_until"}


def test_officer_cannot_apply(api_client, cast, recordals):
    api_client.force_authenticate(cast.officer1)
    assert api_client.post(URL, body(cast, recordals), format="json").status_code == 403


def test_anonymous_gets_401(api_client, submitted):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(f"{URL}{submitted.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 401


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("holder1_user", True),
        ("holder1b_user", True),
        ("agent_user", True),
        ("officer1", True),
        ("admin", True),
        ("officer2", False),
        ("holder2_user", False),
        ("outsider", False),
    ],
)
def test_who_sees_an_application(api_client, cast, submitted, role, sees):
    api_client.force_authenticate(getattr(cast, role))
    assert [r["id"] for r in api_client.get(URL).json()["results"]] == ([submitted.pk] if sees else [])
    assert api_client.get(f"{URL}{submitted.pk}/").status_code == (200 if sees else 404)


def test_agent_without_the_right_to_file_does_not_see_it(api_client, cast, submitted):
    cast.delegation.may_file = False
    cast.delegation.save()
    api_client.force_authenticate(cast.agent_user)
    assert api_client.get(f"{URL}{submitted.pk}/").status_code == 404


def test_officer_accepts_and_the_holder_sees_it(api_client, cast, submitted):
    api_client.force_authenticate(cast.officer1)
    answer = api_client.post(f"{URL}{submitted.pk}/accept/")
    assert answer.status_code == 200
    assert answer.json()["status"] == "accepted"
    api_client.force_authenticate(cast.holder1_user)
    assert "bond" in api_client.get(f"{URL}{submitted.pk}/").json()["awaiting"]


def test_refuse_needs_a_reason(api_client, cast, submitted):
    api_client.force_authenticate(cast.officer1)
    assert set(api_client.post(f"{URL}{submitted.pk}/refuse/", {}, format="json").json()) == {"reason"}
    answer = api_client.post(f"{URL}{submitted.pk}/refuse/", {"reason": "Not our port"}, format="json")
    assert answer.json()["status"] == "refused"
    assert answer.json()["refusal_reason"] == "Not our port"


@pytest.mark.parametrize("role", ["holder1_user", "agent_user", "admin"])
def test_only_officers_of_the_office_review(api_client, cast, submitted, role):
    api_client.force_authenticate(getattr(cast, role))
    assert api_client.post(f"{URL}{submitted.pk}/accept/").status_code == 403
    assert api_client.post(f"{URL}{submitted.pk}/refuse/", {"reason": "x"}, format="json").status_code == 403
    assert DetentionRequest.objects.get(pk=submitted.pk).status == "submitted"


def test_officer_of_another_office_gets_404(api_client, cast, submitted):
    api_client.force_authenticate(cast.officer2)
    assert api_client.post(f"{URL}{submitted.pk}/accept/").status_code == 404


@pytest.mark.parametrize("role", ["officer1", "admin"])
def test_only_the_holder_side_withdraws(api_client, cast, submitted, role):
    api_client.force_authenticate(getattr(cast, role))
    assert api_client.post(f"{URL}{submitted.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 403


def test_holder_withdraws_and_cannot_again(api_client, cast, submitted):
    api_client.force_authenticate(cast.agent_user)
    answer = api_client.post(f"{URL}{submitted.pk}/withdraw/", {"reason": "Settled"}, format="json")
    assert answer.json()["status"] == "withdrawn"
    again = api_client.post(f"{URL}{submitted.pk}/withdraw/", {"reason": "Settled"}, format="json")
    assert again.status_code == 400


def test_whole_flow_through_the_api_then_release(api_client, cast, submitted):
    api_client.force_authenticate(cast.officer1)
    api_client.post(f"{URL}{submitted.pk}/accept/")
    not_bonded = api_client.post(f"{URL}{submitted.pk}/match/", {"channel": "sea"}, format="json")
    assert not_bonded.status_code == 400
    api_client.post(f"{URL}{submitted.pk}/bond-received/")
    shipment = {"channel": "sea", "direction": "import", "waybill_number": "MSKU-778899"}
    detained = api_client.post(f"{URL}{submitted.pk}/match/", shipment, format="json").json()
    assert detained["status"] == "detained"
    assert detained["case"] is not None
    api_client.force_authenticate(cast.holder1_user)
    seen = api_client.get(f"{URL}{submitted.pk}/").json()
    assert seen["court_notice_due_date"] == detained["court_notice_due_date"]
    row = DetentionRequest.objects.get(pk=submitted.pk)
    detention_requests_release_due(now=row.court_notice_due + timedelta(minutes=1))
    assert api_client.get(f"{URL}{submitted.pk}/").json()["status"] == "released"


def test_list_filters_by_status_strictly(api_client, cast, submitted):
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.get(f"{URL}?status=accepted").json()["results"] == []
    assert api_client.get(f"{URL}?status=nonsense").status_code == 400


def test_list_query_count_does_not_grow_with_rows(api_client, cast, recordals, django_assert_num_queries):
    for _n in range(3):
        submit_request(cast.holder1_user, recordals.lumiere, cast.office1)
    api_client.force_authenticate(cast.officer1)
    with django_assert_num_queries(5):
        assert len(api_client.get(URL).json()["results"]) == 3


def test_holder_adds_evidence_and_officers_cannot(api_client, cast, submitted):
    from recordals.tests.factories import pdf_upload

    api_client.force_authenticate(cast.holder1_user)
    answer = api_client.post(f"{URL}{submitted.pk}/evidence/", {"file": pdf_upload("order.pdf")}, format="multipart")
    assert answer.status_code == 200, answer.json()
    assert [f["name"] for f in answer.json()["files"]] == ["order.pdf"]
    program = SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 64, content_type="application/octet-stream")
    bad = api_client.post(f"{URL}{submitted.pk}/evidence/", {"file": program}, format="multipart")
    assert bad.status_code == 400
    assert set(bad.json()) == {"file"}
    api_client.force_authenticate(cast.officer1)
    denied = api_client.post(f"{URL}{submitted.pk}/evidence/", {"file": pdf_upload("more.pdf")}, format="multipart")
    assert denied.status_code == 403
