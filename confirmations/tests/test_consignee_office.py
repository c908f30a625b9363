"""The officer's consignee panel: record the party, see each link's state, revoke behind a confirmation step;
nobody outside the case's office does any of it."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from confirmations.models import ConsigneeLink
from confirmations.tests.consignee_factories import record_link, shipment_with_detained_goods

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return shipment_with_detained_goods(cast)


def _as(user):
    browser = Client()
    browser.force_login(user)
    return browser


def test_officer_records_the_consignee_on_the_case_page_and_the_notice_goes_out(
    cast, scene, django_capture_on_commit_callbacks
):
    officer = _as(cast.officer1)
    url = reverse("confirmations:consignee-record", args=[scene.case.pk])
    form = officer.get(url).content.decode()
    assert "Jean Dupont" in form  # the shipment's consignee is offered
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            url, {"role": "consignee", "name": "Jean Dupont", "email": "jean@example.com", "language": "en"}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["jean@example.com"], ["jean@example.com"]]  # one notice per holder
    page = officer.get(scene.case.get_absolute_url()).content.decode()
    assert "jean@example.com" in page and "Sent, not yet opened" in page
    assert "Maison Lumière" in page and "Nordic Timepieces" in page  # the links are listed per holder


def test_bad_input_shows_the_error_summary(cast, scene):
    response = _as(cast.officer1).post(
        reverse("confirmations:consignee-record", args=[scene.case.pk]),
        {"role": "consignee", "name": "", "email": "nope", "language": "en"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and 'href="#id_email"' in page
    assert not ConsigneeLink.objects.exists()


def test_officer_revokes_after_a_confirmation_step(cast, scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link, _token = record_link(cast, scene.case)
    officer = _as(cast.officer1)
    url = reverse("confirmations:consignee-revoke", args=[link.pk])
    assert "Confirm: revoke the link" in officer.get(url).content.decode()
    assert ConsigneeLink.objects.get(pk=link.pk).revoked_at is None
    assert officer.post(url, {"reason": "Wrong address"}).status_code == 302
    assert ConsigneeLink.objects.get(pk=link.pk).revoked_at is not None
    assert "Revoked" in officer.get(scene.case.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("who", "status"), [("officer2", 404), ("holder1_user", 403), ("agent_user", 403)])
def test_only_the_case_office_sees_records_or_revokes(cast, scene, who, status, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link, _token = record_link(cast, scene.case)
    browser = _as(getattr(cast, who))
    record = reverse("confirmations:consignee-record", args=[scene.case.pk])
    revoke = reverse("confirmations:consignee-revoke", args=[link.pk])
    assert browser.get(record).status_code == status
    party = {"role": "consignee", "name": "X", "email": "x@example.com", "language": "en"}
    assert browser.post(record, party).status_code == status
    assert browser.post(revoke).status_code == status
    assert ConsigneeLink.objects.get(pk=link.pk).revoked_at is None
    assert ConsigneeLink.objects.count() == 2  # one link per holder with detained goods
    if who != "officer2":
        page = browser.get(scene.case.get_absolute_url()).content.decode()
        assert "buyer@example.com" not in page and "Consignee and consignor" not in page


def test_anonymous_visitors_are_sent_to_log_in(scene):
    response = Client().get(reverse("confirmations:consignee-record", args=[scene.case.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
