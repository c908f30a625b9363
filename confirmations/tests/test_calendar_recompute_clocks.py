"""A corrected calendar moves each working-day date still to come: investigation, release, review, expiry, court."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from confirmations import services
from confirmations.models import CaseEvent, DetentionRequest, DetentionRequestEvent, Item
from confirmations.services.officer import INVESTIGATION_WORKING_DAYS, RELEASE_WORKING_DAYS
from confirmations.services.request_detention import COURT_NOTICE_WORKING_DAYS, detention_request_match
from confirmations.services.request_expiry import request_expiry_due
from confirmations.services.requests import (
    detention_request_accept,
    detention_request_bond_receive,
    review_working_days,
)
from confirmations.tests.factories import file_case, item_input
from confirmations.tests.request_factories import submit_request
from portal.notices.models import Notice
from portal.workdays.calendar import CALENDAR_TZ, add_working_days, local_date
from portal.workdays.models import CalendarDay
from portal.workdays.services import calendar_day_save

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
DETAINED_AT = datetime(2026, 3, 10, 10, tzinfo=CALENDAR_TZ)


def holiday(cast, day: date, *, at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        calendar_day_save(actor=cast.admin, day=CalendarDay(date=day, kind="holiday", name="Closure"))


@pytest.fixture
def detained(cast, recordals):
    item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="infringing", bond="case")
    services.item_case_bond_receive(officer=cast.officer1, item_id=item.pk)
    services.item_detain(officer=cast.officer1, item_id=item.pk)
    return Item.objects.get(pk=item.pk)


def test_a_holiday_inside_the_windows_moves_the_investigation_and_release_dates_with_events(cast, detained):
    old_investigation, old_release = detained.investigation_due, detained.release_due
    assert old_release == add_working_days(DETAINED_AT, RELEASE_WORKING_DAYS)
    holiday(cast, date(2026, 3, 20), at=DETAINED_AT + timedelta(days=1))

    detained.refresh_from_db()
    assert detained.investigation_due == add_working_days(DETAINED_AT, INVESTIGATION_WORKING_DAYS) > old_investigation
    assert detained.release_due == add_working_days(DETAINED_AT, RELEASE_WORKING_DAYS) > old_release
    event = CaseEvent.objects.get(item=detained, action="release_due_moved")
    assert event.actor == cast.admin and event.data["calendar_days"] == ["2026-03-20"]
    assert (event.data["old_due"], event.data["new_due"]) == (
        old_release.astimezone(CALENDAR_TZ).isoformat(),
        detained.release_due.astimezone(CALENDAR_TZ).isoformat(),
    )
    assert CaseEvent.objects.filter(item=detained, action="investigation_due_moved").count() == 1
    latest = Notice.objects.filter(recipient=cast.holder1_user).latest("pk")
    assert "release without a court's notice moved" in latest.body


def test_a_holiday_the_day_after_the_release_date_moves_only_the_dates_it_falls_inside(cast, detained):
    old_release = detained.release_due
    last_day = local_date(old_release - timedelta(seconds=1))
    holiday(cast, last_day + timedelta(days=1), at=DETAINED_AT + timedelta(days=1))
    detained.refresh_from_db()
    assert detained.release_due == old_release
    assert not CaseEvent.objects.filter(item=detained, action="release_due_moved").exists()


def test_a_release_date_already_passed_does_not_move(cast, detained):
    old_release = detained.release_due
    holiday(cast, date(2026, 3, 20), at=old_release + timedelta(seconds=1))
    detained.refresh_from_db()
    assert detained.release_due == old_release


def test_a_concluded_investigation_keeps_its_due_date(cast, detained):
    services.item_investigation_record(officer=cast.officer1, item_id=detained.pk, result="not_confirmed")
    old_investigation = Item.objects.get(pk=detained.pk).investigation_due
    holiday(cast, date(2026, 3, 20), at=DETAINED_AT + timedelta(days=1))
    item = Item.objects.get(pk=detained.pk)
    assert item.investigation_due == old_investigation
    assert item.release_due == add_working_days(DETAINED_AT, RELEASE_WORKING_DAYS)


@pytest.fixture
def submitted(cast, recordals):
    return submit_request(cast.holder1_user, recordals.lumiere, cast.office1)


def test_the_review_date_of_a_submitted_application_moves_and_the_office_is_told(cast, submitted):
    old = submitted.review_due
    holiday(cast, date(2026, 3, 11), at=DETAINED_AT + timedelta(hours=1))
    submitted.refresh_from_db()
    assert submitted.review_due == add_working_days(submitted.submitted_at, review_working_days()) > old
    event = DetentionRequestEvent.objects.get(request=submitted, action="due_moved")
    assert event.data["clock"] == "review_due" and event.actor == cast.admin
    assert "review date moved" in Notice.objects.filter(recipient=cast.officer1).latest("pk").body


def test_the_expiry_of_an_accepted_application_follows_the_calendar(cast, submitted):
    accepted = detention_request_accept(officer=cast.officer1, request_id=submitted.pk)
    old = accepted.expires_at
    holiday(cast, accepted.expected_until + timedelta(days=1), at=DETAINED_AT + timedelta(hours=1))
    accepted.refresh_from_db()
    assert accepted.expires_at == request_expiry_due(
        expected_from=accepted.expected_from, expected_until=accepted.expected_until
    )
    assert accepted.expires_at != old
    assert DetentionRequestEvent.objects.get(request=accepted, action="due_moved").data["clock"] == "expires_at"


def test_the_court_notice_date_of_goods_detained_on_an_application_moves(cast, submitted):
    detention_request_accept(officer=cast.officer1, request_id=submitted.pk)
    detention_request_bond_receive(officer=cast.officer1, request_id=submitted.pk)
    shipment = {"channel": "sea", "direction": "import", "waybill_number": "MSKU-778899"}
    detained = detention_request_match(officer=cast.officer1, request_id=submitted.pk, shipment=shipment)
    old = detained.court_notice_due
    holiday(cast, date(2026, 3, 20), at=DETAINED_AT + timedelta(hours=1))
    detained.refresh_from_db()
    assert detained.status == DetentionRequest.Status.DETAINED
    assert detained.court_notice_due == add_working_days(detained.detained_at, COURT_NOTICE_WORKING_DAYS) > old
    assert "court's notice is needed moved" in Notice.objects.filter(recipient=cast.holder1_user).latest("pk").body


def test_a_moved_date_is_told_in_each_readers_language_not_the_administrators(cast, detained):
    from django.utils import translation

    assert cast.holder1_user.language == "en"
    with translation.override("zh-hans"):
        holiday(cast, date(2026, 3, 20), at=DETAINED_AT + timedelta(days=1))

    latest = Notice.objects.filter(recipient=cast.holder1_user).latest("pk")
    assert "release without a court's notice moved" in latest.body
    with translation.override("en"):
        assert "release without a court's notice moved" in latest.title_now()
    with translation.override("zh-hans"):
        assert "release without a court's notice moved" not in latest.title_now()
