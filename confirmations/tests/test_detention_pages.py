"""The detention's pages: the application box, the receipt and every new action behind a confirmation step."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from confirmations import services
from confirmations.models import BondInstructions, DetentionApplication, Item
from confirmations.tests.factories import file_case, item_input

# These tests assert calendar dates (deadlines, notice numbers, month names) of one known instant.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


@pytest.fixture
def application(cast, recordals):
    BondInstructions.objects.create(
        office=cast.office1, payee="Port Office One", bank="Bank of China", account="6217 0000"
    )
    case = file_case(
        cast.officer1,
        [item_input(recordals.lumiere, value="150000"), item_input(recordals.lumiere, value="150000", description="B")],
    )
    services.items_decide_bulk(
        user=cast.holder1_user,
        item_ids=list(case.items.values_list("pk", flat=True)),
        decision="infringing",
        bond="case",
    )
    return DetentionApplication.objects.get()


def test_item_page_shows_the_bond_reference_deadline_and_instructions(client, cast, application):
    client.force_login(cast.holder1_user)
    page = client.get(application.items.first().get_absolute_url()).content.decode()
    assert "100,000.00 CNY" in page
    assert application.reference in page
    assert "March 13, 2026, 24:00" in page
    assert "6217 0000" in page
    assert "Withdraw the application" in page


def test_receipt_prints_the_application(client, cast, application):
    client.force_login(cast.holder1_user)
    page = client.get(f"/applications/{application.pk}/receipt/").content.decode()
    assert "300,000.00" in page and "100,000.00" in page and application.reference in page
    client.force_login(cast.holder2_user)
    assert client.get(f"/applications/{application.pk}/receipt/").status_code == 404


def test_officer_sees_awaiting_bond_and_confirms_before_recording_it(client, cast, application):
    client.force_login(cast.officer1)
    case_page = client.get(application.case.get_absolute_url()).content.decode()
    assert "awaiting bond (due March 13, 2026, 24:00)" in case_page
    confirm = client.get(f"/applications/{application.pk}/bond-received/")
    assert confirm.status_code == 200 and "Confirm" in confirm.content.decode()
    assert DetentionApplication.objects.get().status == "awaiting_bond"
    client.post(f"/applications/{application.pk}/bond-received/")
    assert DetentionApplication.objects.get().status == "secured"
    client.force_login(cast.officer2)
    assert client.get(f"/applications/{application.pk}/bond-received/").status_code == 404


def test_holder_withdraws_after_the_confirmation_step(client, cast, application):
    client.force_login(cast.holder1_user)
    assert "Confirm" in client.get(f"/applications/{application.pk}/withdraw/").content.decode()
    client.post(f"/applications/{application.pk}/withdraw/", {"reason": ""})
    assert DetentionApplication.objects.get().status == "awaiting_bond"
    client.post(f"/applications/{application.pk}/withdraw/", {"reason": "settled"})
    assert DetentionApplication.objects.get().status == "withdrawn"
    assert set(application.items.values_list("status", flat=True)) == {Item.Status.RELEASED}
    client.force_login(cast.officer1)
    assert client.get(f"/applications/{application.pk}/withdraw/").status_code == 403


def test_officer_records_disposal_and_court_notice_through_confirmation_pages(client, cast, application):
    services.application_bond_receive(officer=cast.officer1, application_id=application.pk)
    first, second = application.items.order_by("pk")
    for item in (first, second):
        services.item_detain(officer=cast.officer1, item_id=item.pk)
    services.item_investigation_record(officer=cast.officer1, item_id=first.pk, result="confirmed")
    client.force_login(cast.officer1)
    assert "Confirm" in client.get(f"/items/{first.pk}/step/disposal/").content.decode()
    client.post(f"/items/{first.pk}/step/disposal/", {"method": "destroyed", "date": "2026-03-10", "note": ""})
    assert first.__class__.objects.get(pk=first.pk).disposal.method == "destroyed"
    pdf = SimpleUploadedFile("n.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    client.post(
        f"/items/{second.pk}/step/court-notice/",
        {"court": "Shanghai IP Court", "reference": "R-1", "date": date(2026, 3, 10).isoformat(), "document": pdf},
    )
    assert Item.objects.get(pk=second.pk).status == Item.Status.COURT
    client.force_login(cast.holder1_user)
    assert client.get(f"/items/{second.pk}/step/court-notice/").status_code == 403
