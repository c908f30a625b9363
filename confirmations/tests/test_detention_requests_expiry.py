"""The ends of an application the court never decides: goods freed by a counter-guarantee, and a shipment that
never comes (the application expires N working days after its expected window)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from confirmations.models import CaseEvent, DetentionRequest, DetentionRequestEvent, Item
from confirmations.services.officer import item_counter_guarantee_release
from confirmations.services.request_detention import detention_request_match, detention_requests_release_due
from confirmations.services.request_expiry import detention_requests_expire_due
from confirmations.services.requests import detention_request_accept, detention_request_bond_receive
from confirmations.tests.request_factories import submit_request
from portal.errors import FieldErrors, Refused
from portal.notices.models import Notice
from portal.workdays.calendar import CALENDAR_TZ, deadline_display_date, working_days_between

# These tests build data on fixed calendar dates (windows, deadlines, validity) and assert them.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
R = DetentionRequest.Status
SHIPMENT = {"channel": "sea", "direction": "import", "waybill_number": "MSKU-778899"}


def actions(request):
    return list(DetentionRequestEvent.objects.filter(request=request).values_list("action", flat=True))


def holder_notices(cast) -> int:
    return Notice.objects.filter(recipient=cast.holder1_user, kind="detention_request").count()


def accepted_request(cast, recordal, *, bond: bool = True):
    request = submit_request(cast.holder1_user, recordal, cast.office1)
    request = detention_request_accept(officer=cast.officer1, request_id=request.pk)
    if bond:
        request = detention_request_bond_receive(officer=cast.officer1, request_id=request.pk)
    return request


def end_of(day):
    return datetime.combine(day, time(23, 59, 59), tzinfo=CALENDAR_TZ)


@pytest.fixture
def bonded(cast, recordals):
    return accepted_request(cast, recordals.lumiere)


@pytest.fixture
def patent_detained(cast, recordals):
    request = accepted_request(cast, recordals.patent)
    return detention_request_match(officer=cast.officer1, request_id=request.pk, shipment=SHIPMENT)


# Goods released against the consignee's counter-guarantee


def test_counter_guarantee_releases_the_application_once_and_tells_the_holder(cast, patent_detained):
    before = holder_notices(cast)
    item_counter_guarantee_release(
        officer=cast.officer1, item_id=patent_detained.item_id, amount_cny=patent_detained.value_cny
    )
    patent_detained.refresh_from_db()
    assert patent_detained.status == R.RELEASED
    assert "counter-guarantee" in patent_detained.close_reason
    assert patent_detained.closed_at is not None
    assert actions(patent_detained)[-1] == "counter_guarantee"
    event = DetentionRequestEvent.objects.get(request=patent_detained, action="counter_guarantee")
    assert (event.from_status, event.to_status, event.reason) == (R.DETAINED, R.RELEASED, patent_detained.close_reason)
    assert event.data["amount_cny"] == str(patent_detained.value_cny)
    assert CaseEvent.objects.filter(item_id=patent_detained.item_id, action="counter_guarantee").count() == 1
    assert holder_notices(cast) == before + 1


def test_the_20_day_sweep_never_touches_goods_freed_by_counter_guarantee(cast, patent_detained):
    item_counter_guarantee_release(
        officer=cast.officer1, item_id=patent_detained.item_id, amount_cny=patent_detained.value_cny
    )
    assert detention_requests_release_due(now=patent_detained.court_notice_due + timedelta(days=30)) == 0
    assert Item.objects.get(pk=patent_detained.item_id).status == Item.Status.COUNTER_GUARANTEE
    assert actions(patent_detained).count("released") == 0
    assert actions(patent_detained).count("counter_guarantee") == 1


def test_a_refused_counter_guarantee_leaves_the_application_detained(cast, patent_detained):
    with pytest.raises(FieldErrors):
        item_counter_guarantee_release(
            officer=cast.officer1, item_id=patent_detained.item_id, amount_cny=Decimal("1.00")
        )
    patent_detained.refresh_from_db()
    assert patent_detained.status == R.DETAINED
    assert "counter_guarantee" not in actions(patent_detained)


# A shipment that never comes


def test_expiry_is_set_n_working_days_after_the_window_on_acceptance(cast, bonded, settings):
    last_day = deadline_display_date(bonded.expires_at)
    assert working_days_between(bonded.expected_until, last_day) == settings.PORTAL_DETENTION_REQUEST_EXPIRY_DAYS == 10
    accepted = DetentionRequestEvent.objects.get(request=bonded, action="accepted")
    assert datetime.fromisoformat(accepted.data["expires_at"]) == bonded.expires_at


def test_expiry_follows_the_setting(cast, recordals, settings):
    settings.PORTAL_DETENTION_REQUEST_EXPIRY_DAYS = 3
    request = accepted_request(cast, recordals.lumiere, bond=False)
    assert working_days_between(request.expected_until, deadline_display_date(request.expires_at)) == 3


def test_accepted_on_its_last_day_expired_after_exactly_once(cast, bonded):
    last_day = deadline_display_date(bonded.expires_at)
    before = holder_notices(cast)
    assert detention_requests_expire_due(now=end_of(last_day)) == 0
    assert DetentionRequest.objects.get(pk=bonded.pk).status == R.ACCEPTED
    assert detention_requests_expire_due(now=end_of(last_day) + timedelta(seconds=1)) == 1
    assert detention_requests_expire_due(now=end_of(last_day) + timedelta(days=5)) == 0
    bonded.refresh_from_db()
    assert bonded.status == R.EXPIRED
    assert "did not arrive within 10 working days" in bonded.close_reason
    assert bonded.bond_to_return()
    assert actions(bonded).count("expired") == 1
    event = DetentionRequestEvent.objects.get(request=bonded, action="expired")
    assert event.actor is None
    assert event.data["bond_to_return_cny"] == str(bonded.bond_amount_cny)
    assert holder_notices(cast) == before + 1


def test_an_unbonded_application_expires_with_no_bond_to_return(cast, recordals):
    request = accepted_request(cast, recordals.lumiere, bond=False)
    assert detention_requests_expire_due(now=request.expires_at) == 1
    request.refresh_from_db()
    assert request.status == R.EXPIRED
    assert not request.bond_to_return()
    assert DetentionRequestEvent.objects.get(request=request, action="expired").data["bond_to_return_cny"] is None


def test_detained_and_submitted_applications_never_expire(cast, recordals, patent_detained):
    submitted = submit_request(cast.holder1_user, recordals.lumiere, cast.office1)
    assert detention_requests_expire_due(now=timezone.now() + timedelta(days=400)) == 0
    assert DetentionRequest.objects.get(pk=patent_detained.pk).status == R.DETAINED
    assert DetentionRequest.objects.get(pk=submitted.pk).status == R.SUBMITTED


def test_an_expired_application_is_not_matched(cast, bonded):
    detention_requests_expire_due(now=bonded.expires_at)
    with pytest.raises(Refused):
        detention_request_match(officer=cast.officer1, request_id=bonded.pk, shipment=SHIPMENT)
    assert not Item.objects.exists()


def test_an_application_past_its_expiry_is_not_matched_even_before_the_sweep_runs(cast, bonded):
    import time_machine

    with time_machine.travel(bonded.expires_at, tick=False), pytest.raises(Refused, match="expired"):
        detention_request_match(officer=cast.officer1, request_id=bonded.pk, shipment=SHIPMENT)
    assert not Item.objects.exists()
    with time_machine.travel(bonded.expires_at - timedelta(seconds=1), tick=False):
        matched = detention_request_match(officer=cast.officer1, request_id=bonded.pk, shipment=SHIPMENT)
    assert matched.status == R.DETAINED


def test_expiry_sweep_is_scheduled_and_in_the_health_check(settings, bonded):
    from confirmations.tasks import expire_requests_without_shipment
    from portal.health import check_periodic

    entry = settings.CELERY_BEAT_SCHEDULE["expire-requests-without-shipment"]
    assert entry["task"] == "confirmations.expire_requests_without_shipment"
    assert "expire-requests-without-shipment" in check_periodic()["tasks"]
    assert expire_requests_without_shipment() == 0


@pytest.mark.parametrize("who", ["holder1_user", "officer1"])
def test_both_sides_see_the_expiry_date(client, cast, bonded, who):
    client.force_login(getattr(cast, who))
    html = client.get(bonded.get_absolute_url()).content.decode()
    assert bonded.expires_at_label() in html
    assert "10 working days after the expected window" in html


def test_the_expired_page_shows_the_bond_to_be_returned(client, cast, bonded):
    detention_requests_expire_due(now=bonded.expires_at)
    client.force_login(cast.holder1_user)
    html = client.get(bonded.get_absolute_url()).content.decode()
    assert "to be returned to the holder" in html
    assert "Expired: the shipment did not arrive" in html


def test_the_api_gives_the_expiry_and_the_bond_to_return(api_client, cast, bonded):
    detention_requests_expire_due(now=bonded.expires_at)
    api_client.force_authenticate(cast.holder1_user)
    body = api_client.get(f"/api/detention-requests/{bonded.pk}/").json()
    assert body["status"] == "expired"
    assert body["expires_at_date"] == deadline_display_date(bonded.expires_at).isoformat()
    assert body["bond_to_return"] is True
