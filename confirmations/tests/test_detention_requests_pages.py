"""Pages of applications for detention and tips: the form keeps what was typed, queues, confirmations, denials."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from confirmations.models import DetentionRequest, Tip
from confirmations.services.requests import detention_request_accept
from confirmations.tests.factories import file_case, item_input
from confirmations.tests.request_factories import send_tip, submit_request
from recordals.tests.factories import image_upload

# These tests build data on fixed calendar dates (windows, deadlines, validity) and assert them.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


@pytest.fixture
def submitted(cast, recordals):
    return submit_request(cast.holder1_user, recordals.lumiere, cast.office1)


def form_data(cast, recordals, **fields):
    return {
        "recordal": recordals.lumiere.pk,
        "office": cast.office1.pk,
        "goods": "Fake LUMIÈRE watches",
        "quantity": "120",
        "value": "9000.00",
        "currency": "CNY",
        "consignor": "Shady Exports Ltd",
        "waybill_number": "WB-42",
        "expected_port": "Ningbo",
        "expected_from": "2026-03-15",
        "expected_until": "2026-03-30",
        "evidence_summary": "Order seen",
        **fields,
    }


def test_form_error_keeps_what_was_typed_and_asks_for_files_again(client, cast, recordals):
    client.force_login(cast.holder1_user)
    data = form_data(cast, recordals, expected_until="2026-03-01", images=image_upload("crate.jpg"))
    page = client.post("/detention-requests/new/", data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html
    assert 'value="Fake LUMIÈRE watches"' in html
    assert 'value="WB-42"' in html
    assert "choose them again" in html
    assert not DetentionRequest.objects.exists()


def test_form_names_a_refused_file(client, cast, recordals):
    client.force_login(cast.holder1_user)
    fake = SimpleUploadedFile("invoice.pdf", b"not a pdf", content_type="application/pdf")
    page = client.post("/detention-requests/new/", form_data(cast, recordals, documents=fake))
    assert "invoice.pdf is not a PDF document" in page.content.decode()


def test_form_sends_the_application_with_its_image(client, cast, recordals):
    client.force_login(cast.holder1_user)
    answer = client.post("/detention-requests/new/", form_data(cast, recordals, images=image_upload("crate.jpg")))
    request = DetentionRequest.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == request.get_absolute_url()
    assert request.files.get().kind == "image"
    page = client.get(request.get_absolute_url()).content.decode()
    assert "9,000.00" in page or "9000.00" in page
    assert "Review due by" in page


def test_officers_and_outsiders_have_no_form(client, cast):
    for user in (cast.officer1, cast.admin):
        client.force_login(user)
        assert client.get("/detention-requests/new/").status_code == 403


def test_office_queue_sorts_by_expected_arrival(client, cast, recordals):
    late = submit_request(
        cast.holder1_user,
        recordals.lumiere,
        cast.office1,
        expected_from=date(2026, 4, 20),
        expected_until=date(2026, 4, 30),
    )
    soon = submit_request(cast.holder1_user, recordals.lumiere, cast.office1, expected_from=date(2026, 3, 12))
    client.force_login(cast.officer1)
    html = client.get("/detention-requests/").content.decode()
    assert html.index(soon.reference) < html.index(late.reference)


def test_office_queue_flags_a_review_overdue(client, cast, submitted, _frozen_clock):
    client.force_login(cast.officer1)
    assert "Review overdue" not in client.get("/detention-requests/").content.decode()
    _frozen_clock.move_to(submitted.review_due)
    client.force_login(cast.officer1)
    assert "Review overdue" in client.get("/detention-requests/").content.decode()


def test_list_query_count_is_flat(client, cast, recordals, django_assert_max_num_queries):
    for _n in range(5):
        submit_request(cast.holder1_user, recordals.lumiere, cast.office1)
    client.force_login(cast.holder1_user)
    with django_assert_max_num_queries(14):
        assert client.get("/detention-requests/").status_code == 200


def test_refusal_has_a_confirmation_step_that_needs_a_reason(client, cast, submitted):
    client.force_login(cast.officer1)
    step = client.get(f"/detention-requests/{submitted.pk}/refuse/").content.decode()
    assert "What happens when you confirm" in step
    again = client.post(f"/detention-requests/{submitted.pk}/refuse/", {"reason": ""})
    assert "There is a problem" in again.content.decode()
    client.post(f"/detention-requests/{submitted.pk}/refuse/", {"reason": "Wrong port"})
    assert DetentionRequest.objects.get(pk=submitted.pk).status == "refused"


def test_accept_then_bond_then_detain_through_the_pages(client, cast, submitted):
    client.force_login(cast.officer1)
    client.post(f"/detention-requests/{submitted.pk}/accept/")
    client.post(f"/detention-requests/{submitted.pk}/bond-received/")
    client.post(
        f"/detention-requests/{submitted.pk}/match/", {"channel": "sea", "direction": "import", "waybill_number": "W1"}
    )
    submitted.refresh_from_db()
    assert submitted.status == "detained"
    assert client.get(submitted.item.case.get_absolute_url()).status_code == 200
    client.force_login(cast.holder1_user)
    assert "assistance notice due by" in client.get(submitted.get_absolute_url()).content.decode()
    assert client.get(submitted.item.get_absolute_url()).status_code == 200


def test_admin_reads_applications_and_tips(client, cast, submitted):
    send_tip(cast.holder1_user, cast.office1)
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()
    client.force_login(cast.admin)
    for path in (
        "/admin/confirmations/detentionrequest/",
        f"/admin/confirmations/detentionrequest/{submitted.pk}/change/",
    ):
        assert client.get(path).status_code == 200
    assert client.get("/admin/confirmations/tip/").status_code == 200


def test_match_form_shows_field_errors(client, cast, submitted):
    detention_request_accept(officer=cast.officer1, request_id=submitted.pk)
    client.force_login(cast.officer1)
    client.post(f"/detention-requests/{submitted.pk}/bond-received/")
    page = client.post(f"/detention-requests/{submitted.pk}/match/", {"channel": "sea"})
    assert "There is a problem" in page.content.decode()


@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        ("holder1_user", "accept", 403),
        ("agent_user", "refuse", 403),
        ("officer1", "withdraw", 403),
        ("officer2", "accept", 404),
        ("holder2_user", "withdraw", 404),
        ("outsider", "accept", 404),
        ("officer1", "explode", 404),
    ],
)
def test_forbidden_page_actions(client, cast, submitted, role, action, status):
    client.force_login(getattr(cast, role))
    assert client.post(f"/detention-requests/{submitted.pk}/{action}/", {"reason": "x"}).status_code == status
    assert DetentionRequest.objects.get(pk=submitted.pk).status == "submitted"


def test_evidence_file_is_served_only_to_those_who_see_the_application(client, cast, recordals):
    client.force_login(cast.holder1_user)
    client.post("/detention-requests/new/", form_data(cast, recordals, images=image_upload("crate.jpg")))
    stored = DetentionRequest.objects.get().files.get()
    assert client.get(f"/detention-requests/files/{stored.pk}/").status_code == 200
    client.force_login(cast.officer2)
    assert client.get(f"/detention-requests/files/{stored.pk}/").status_code == 404


def test_tip_form_and_outcome_pages(client, cast, recordals):
    client.force_login(cast.holder1_user)
    error = client.post("/tips/new/", {"office": cast.office1.pk, "subject": "Fake watches"})
    assert 'value="Fake watches"' in error.content.decode()
    client.post("/tips/new/", {"office": cast.office1.pk, "subject": "Fake watches", "details": "Weekly"})
    tip = Tip.objects.get()
    case = file_case(cast.officer1, [item_input(recordals.lumiere)])
    client.force_login(cast.officer1)
    assert "What happens when you confirm" in client.get(f"/tips/{tip.pk}/mark-used/").content.decode()
    client.post(f"/tips/{tip.pk}/mark-used/", {"case": case.pk, "note": "Seized"})
    client.force_login(cast.holder1_user)
    page = client.get(tip.get_absolute_url()).content.decode()
    assert "Used: a case was filed" in page
    assert "Seized" in page


@pytest.mark.parametrize(("role", "status"), [("holder1_user", 403), ("officer2", 404), ("outsider", 404)])
def test_tip_marking_is_for_officers_of_the_office(client, cast, role, status):
    tip = send_tip(cast.holder1_user, cast.office1)
    client.force_login(getattr(cast, role))
    assert client.post(f"/tips/{tip.pk}/mark-not-used/", {"note": "x"}).status_code == status
