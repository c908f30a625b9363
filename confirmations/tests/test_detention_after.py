"""After detention: the investigation's due day, reminders, disposal, court notice and the 50-working-day release."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from confirmations import services
from confirmations.evidence_check import chain_verify
from confirmations.models import CaseEvent, Disposal, Item
from confirmations.tests.factories import file_case, item_input
from portal.errors import Refused
from portal.workdays.calendar import CALENDAR_TZ

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _detained(cast, recordal, *, result=None):
    case = file_case(cast.officer1, [item_input(recordal, value="1000.00")])
    item = case.items.get()
    services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="infringing", bond="case")
    services.item_case_bond_receive(officer=cast.officer1, item_id=item.pk)
    services.item_detain(officer=cast.officer1, item_id=item.pk)
    if result:
        services.item_investigation_record(officer=cast.officer1, item_id=item.pk, result=result)
    return Item.objects.get(pk=item.pk)


def test_investigation_due_day_counts_30_working_days_around_national_day(api_client, cast, recordals):
    with time_machine.travel(datetime(2026, 9, 15, 10, tzinfo=CALENDAR_TZ)):
        item = _detained(cast, recordals.lumiere)
    # Mid-Autumn (25 Sep) and National Day (1-7 Oct) are off; Sunday 20 Sep and Saturday 10 Oct are worked.
    assert item.investigation_due == datetime(2026, 11, 3, tzinfo=CALENDAR_TZ)
    api_client.force_authenticate(cast.holder1_user)
    body = api_client.get(f"/api/items/{item.pk}/").json()
    assert body["investigation_due_date"] == "2026-11-02"
    assert body["release_due_date"] is not None


def test_case_and_item_pages_show_the_investigations_last_day(client, cast, recordals):
    with time_machine.travel(datetime(2026, 9, 15, 10, tzinfo=CALENDAR_TZ)):
        item = _detained(cast, recordals.lumiere)
    client.force_login(cast.officer1)
    page = client.get(item.case.get_absolute_url()).content.decode()
    assert "Nov. 2, 2026, 24:00" in page
    assert "Nov. 3, 2026" not in page
    client.force_login(cast.holder1_user)
    holders_page = client.get(item.get_absolute_url()).content.decode()
    assert "Customs investigates and decides by Nov. 2, 2026, 24:00." in holders_page
    assert "Nov. 3, 2026" not in holders_page


def test_officers_are_reminded_once_5_working_days_before_the_investigation_is_due(cast, recordals):
    item = _detained(cast, recordals.lumiere)
    due_day = item.investigation_due - timedelta(days=1)
    assert services.investigation_reminders_send(now=item.investigation_due - timedelta(days=14)) == 0
    five_before = due_day - timedelta(days=7)  # five working days before a due day inside a plain week
    assert services.investigation_reminders_send(now=five_before) == 1
    assert services.investigation_reminders_send(now=five_before) == 0
    assert CaseEvent.objects.filter(item=item, action="investigation_reminder").count() == 1


def test_overdue_investigations_are_flagged_on_the_officers_case_list(client, cast, recordals):
    item = _detained(cast, recordals.lumiere)
    client.force_login(cast.officer1)
    assert "investigation overdue" not in client.get("/cases/").content.decode()
    with time_machine.travel(item.investigation_due + timedelta(hours=1)):
        client.force_login(cast.officer1)
        assert "investigation overdue" in client.get("/cases/").content.decode()


def test_disposal_is_recorded_once_after_confirmed_infringement(api_client, cast, recordals):
    item = _detained(cast, recordals.lumiere, result="confirmed")
    api_client.force_authenticate(cast.officer1)
    body = {"method": "destroyed", "date": "2026-03-10", "note": "crushed"}
    answer = api_client.post(f"/api/items/{item.pk}/disposal/", body, format="json")
    assert answer.status_code == 200
    assert answer.json()["disposal"]["method"] == "destroyed"
    assert api_client.post(f"/api/items/{item.pk}/disposal/", body, format="json").status_code == 400
    assert CaseEvent.objects.filter(item=item, action="disposed").count() == 1
    assert chain_verify(item.case_id) is None


def test_disposal_is_refused_for_the_wrong_role_office_and_state(api_client, cast, recordals):
    detained = _detained(cast, recordals.lumiere)
    body = {"method": "public_welfare", "date": "2026-03-10"}
    api_client.force_authenticate(cast.officer1)
    assert api_client.post(f"/api/items/{detained.pk}/disposal/", body, format="json").status_code == 400
    services.item_investigation_record(officer=cast.officer1, item_id=detained.pk, result="confirmed")
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.post(f"/api/items/{detained.pk}/disposal/", body, format="json").status_code == 403
    api_client.force_authenticate(cast.officer2)
    assert api_client.post(f"/api/items/{detained.pk}/disposal/", body, format="json").status_code == 404
    assert not Disposal.objects.exists()


def test_not_confirmed_tells_the_holder_who_may_bring_a_court_notice(cast, recordals):
    from portal.notices.models import Notice

    item = _detained(cast, recordals.lumiere, result="not_confirmed")
    assert Notice.objects.filter(recipient=cast.holder1_user, body__contains="assistance notice").exists()
    assert item.status == Item.Status.NOT_CONFIRMED


def _court_notice(api_client, item, document=PDF):
    return api_client.post(
        f"/api/items/{item.pk}/court-notice/",
        {
            "court": "Shanghai IP Court",
            "reference": "(2026) Hu 73 Xing Bao 12",
            "date": "2026-03-10",
            "document": SimpleUploadedFile("notice.pdf", document, content_type="application/pdf"),
        },
        format="multipart",
    )


def test_goods_without_a_court_notice_are_released_once_50_working_days_after_detention(cast, recordals):
    item = _detained(cast, recordals.lumiere, result="not_confirmed")
    assert item.release_due.date() > item.investigation_due.date()
    assert services.items_release_without_court_notice(now=item.release_due - timedelta(seconds=1)) == 0
    assert services.items_release_without_court_notice(now=item.release_due) == 1
    assert services.items_release_without_court_notice(now=item.release_due + timedelta(days=9)) == 0
    item.refresh_from_db()
    assert item.status == Item.Status.RELEASED
    assert "50 working days" in item.release_reason
    event = CaseEvent.objects.get(item=item, action="released_after_50_days")
    assert (event.from_status, event.to_status) == ("not_confirmed", "released")
    assert chain_verify(item.case_id) is None


def test_goods_under_a_court_notice_are_not_released_after_50_working_days(api_client, cast, recordals):
    item = _detained(cast, recordals.lumiere, result="not_confirmed")
    api_client.force_authenticate(cast.officer1)
    answer = _court_notice(api_client, item)
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "court_assistance"
    assert answer.json()["court_notice"]["court"] == "Shanghai IP Court"
    assert services.items_release_without_court_notice(now=item.release_due + timedelta(days=1)) == 0
    assert Item.objects.get(pk=item.pk).status == Item.Status.COURT
    assert CaseEvent.objects.filter(item=item, action="court_notice").count() == 1


def test_court_notice_is_refused_for_the_wrong_role_office_state_and_file(api_client, cast, recordals):
    item = _detained(cast, recordals.lumiere)
    api_client.force_authenticate(cast.holder1_user)
    assert _court_notice(api_client, item).status_code == 403
    api_client.force_authenticate(cast.officer2)
    assert _court_notice(api_client, item).status_code == 404
    api_client.force_authenticate(cast.officer1)
    assert _court_notice(api_client, item, document=b"not a pdf").status_code == 400
    pending = file_case(cast.officer1, [item_input(recordals.nordik)]).items.get()
    assert _court_notice(api_client, pending).status_code == 400
    with pytest.raises(PermissionDenied):
        services.item_dispose(officer=cast.officer2, item_id=item.pk, method="destroyed", disposed_on=date(2026, 3, 10))
    with pytest.raises(Refused):
        services.item_dispose(officer=cast.officer1, item_id=item.pk, method="destroyed", disposed_on=date(2026, 3, 10))


def test_every_step_is_an_event_visible_in_the_api(api_client, cast, recordals):
    item = _detained(cast, recordals.lumiere, result="not_confirmed")
    services.items_release_without_court_notice(now=item.release_due)
    api_client.force_authenticate(cast.holder1_user)
    actions = [event["action"] for event in api_client.get(f"/api/items/{item.pk}/events/").json()]
    assert actions == [
        "item_filed",
        "decided",
        "application_joined",
        "application_bond_received",
        "detained",
        "investigation",
        "released_after_50_days",
    ]
    api_client.force_authenticate(cast.holder2_user)
    assert api_client.get(f"/api/items/{item.pk}/events/").status_code == 404


def test_a_disposal_dated_tomorrow_is_refused_on_the_apis_date_field_and_nothing_is_stored(api_client, cast, recordals):
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=CALENDAR_TZ)):
        item = _detained(cast, recordals.lumiere, result="confirmed")
        api_client.force_authenticate(cast.officer1)
        body = {"method": "destroyed", "date": "2027-01-01"}
        answer = api_client.post(f"/api/items/{item.pk}/disposal/", body, format="json")
        assert answer.status_code == 400
        assert list(answer.json()) == ["date"]
        assert not Disposal.objects.exists()
        today = api_client.post(f"/api/items/{item.pk}/disposal/", {**body, "date": "2026-12-31"}, format="json")
        assert today.status_code == 200


def test_the_disposal_page_shows_a_future_date_on_its_date_field(client, cast, recordals):
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=CALENDAR_TZ)):
        item = _detained(cast, recordals.lumiere, result="confirmed")
        client.force_login(cast.officer1)
        body = {"method": "destroyed", "date": "2027-01-01", "note": ""}
        page = client.post(f"/items/{item.pk}/step/disposal/", body)
        assert page.status_code == 200
        assert page.context["form"].errors["date"] == ["The disposal date cannot be in the future."]
        assert "data-error-summary" in page.content.decode()
        assert not Disposal.objects.exists()
