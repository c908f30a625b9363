"""The holder's application for detention: submission, review, bond, detention, and the 20-working-day release."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from confirmations.models import (
    Case,
    CaseEvent,
    DetentionRequest,
    DetentionRequestEvent,
    ExchangeRate,
    Item,
)
from confirmations.services import FieldErrors
from confirmations.services.investigation import item_court_notice_record, items_release_without_court_notice
from confirmations.services.request_detention import (
    COURT_NOTICE_WORKING_DAYS,
    detention_request_match,
    detention_requests_release_due,
)
from confirmations.services.requests import (
    detention_request_accept,
    detention_request_bond_receive,
    detention_request_refuse,
    detention_request_withdraw,
)
from confirmations.tests.request_factories import submit_request
from portal.errors import Refused
from portal.notices.models import Notice
from portal.uploads import VerifiedPdf
from portal.workdays.calendar import CALENDAR_TZ, add_working_days, deadline_display_date, working_days_between
from recordals.models import Recordal
from recordals.tests.factories import recordal_in_force

# These tests build data on fixed calendar dates (windows, deadlines, validity) and assert them.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
R = DetentionRequest.Status
SHIPMENT = {"channel": "sea", "direction": "import", "waybill_number": "MSKU-778899"}


@pytest.fixture
def submitted(cast, recordals):
    return submit_request(cast.holder1_user, recordals.lumiere, cast.office1)


@pytest.fixture
def bonded(cast, submitted):
    detention_request_accept(officer=cast.officer1, request_id=submitted.pk)
    return detention_request_bond_receive(officer=cast.officer1, request_id=submitted.pk)


@pytest.fixture
def detained(cast, bonded):
    return detention_request_match(officer=cast.officer1, request_id=bonded.pk, shipment=SHIPMENT)


def actions(request):
    return list(DetentionRequestEvent.objects.filter(request=request).values_list("action", flat=True))


def test_submission_states_bond_equal_to_value_and_review_deadline(cast, submitted, settings):
    assert submitted.status == R.SUBMITTED
    assert submitted.holder == cast.holder1
    assert submitted.bond_amount_cny == submitted.value_cny == Decimal("15000.00")
    assert submitted.review_due == add_working_days(timezone.now(), settings.PORTAL_DETENTION_REQUEST_REVIEW_DAYS)
    assert actions(submitted) == ["submitted"]
    assert Notice.objects.filter(recipient=cast.officer1, kind="detention_request").count() == 1
    assert not Notice.objects.filter(recipient=cast.officer2).exists()


def test_value_in_another_currency_is_bonded_in_cny_at_the_stated_rate(cast, recordals):
    ExchangeRate.objects.create(currency="EUR", rate_to_cny=Decimal("7.850000"), valid_from=date(2026, 1, 1))
    request = submit_request(
        cast.holder1_user, recordals.lumiere, cast.office1, value=Decimal("1000.00"), currency="eur"
    )
    assert (request.currency, request.exchange_rate) == ("EUR", Decimal("7.850000"))
    assert request.bond_amount_cny == request.value_cny == Decimal("7850.00")


def test_submission_refuses_each_wrong_field(cast, recordals):
    other = recordal_in_force(cast.holder2, title="NORDIK 2")
    with pytest.raises(FieldErrors) as refused:
        submit_request(
            cast.holder1_user,
            other,
            cast.holder2,
            quantity=0,
            currency="XXX",
            expected_from=date(2026, 3, 1),
            expected_until=date(2026, 3, 5),
            waybill_number="",
            consignor="",
        )
    assert set(refused.value.errors) == {
        "recordal",
        "office",
        "quantity",
        "currency",
        "expected_until",
        "waybill_number",
    }


def test_a_recordal_not_in_force_cannot_be_invoked(cast, recordals):
    Recordal.objects.filter(pk=recordals.lumiere.pk).update(status=Recordal.Status.EXPIRED)
    recordals.lumiere.refresh_from_db()
    with pytest.raises(FieldErrors) as refused:
        submit_request(cast.holder1_user, recordals.lumiere, cast.office1)
    assert set(refused.value.errors) == {"recordal"}


def test_an_agent_with_the_right_to_file_applies_for_its_holder(cast, recordals):
    request = submit_request(cast.agent_user, recordals.lumiere, cast.office1)
    assert request.holder == cast.holder1


def test_an_agent_without_the_right_to_file_cannot_apply(cast, recordals):
    cast.delegation.may_file = False
    cast.delegation.save()
    with pytest.raises(FieldErrors) as refused:
        submit_request(cast.agent_user, recordals.lumiere, cast.office1)
    assert "recordal" in refused.value.errors


def test_evidence_files_are_kept_with_their_hashes(cast, recordals):
    pdf = VerifiedPdf(content=b"%PDF-1.4\n%%EOF", sha256="a" * 64, original_name="invoice.pdf")
    request = submit_request(cast.holder1_user, recordals.lumiere, cast.office1, files=[pdf])
    stored = request.files.get()
    assert (stored.kind, stored.original_name, stored.sha256) == ("document", "invoice.pdf", "a" * 64)
    assert DetentionRequestEvent.objects.get(request=request).data["files"][0]["sha256"] == "a" * 64


def test_accepted_then_bond_then_matched_detains_directly(cast, detained):
    assert detained.status == R.DETAINED
    item = detained.item
    assert item.status == Item.Status.DETAINED
    assert item.case.office == cast.office1
    assert (item.holder, item.value_cny, item.bond_amount_cny) == (
        cast.holder1,
        Decimal("15000.00"),
        Decimal("15000.00"),
    )
    assert detained.court_notice_due == add_working_days(detained.detained_at, COURT_NOTICE_WORKING_DAYS)
    assert working_days_between(detained.detained_at, deadline_display_date(detained.court_notice_due)) == 20
    assert list(CaseEvent.objects.filter(case=item.case).values_list("action", flat=True)) == [
        "case_filed",
        "request_detained",
    ]
    assert actions(detained) == ["submitted", "accepted", "bond_received", "detained"]
    titles = list(
        Notice.objects.filter(recipient=cast.holder1_user, kind="detention_request").values_list("title", flat=True)
    )
    assert len(titles) == 3


def test_match_links_an_open_case_of_the_office(cast, bonded, filed):
    case, _lumiere, _nordik = filed
    request = detention_request_match(officer=cast.officer1, request_id=bonded.pk, case_id=case.pk)
    assert request.item.case == case


def test_match_refuses_a_case_of_another_office(cast, bonded, recordals):
    from confirmations.tests.factories import file_case, item_input

    other = file_case(cast.officer2, [item_input(recordals.nordik)])
    with pytest.raises(FieldErrors) as refused:
        detention_request_match(officer=cast.officer1, request_id=bonded.pk, case_id=other.pk)
    assert set(refused.value.errors) == {"case"}


def test_match_refuses_an_incomplete_shipment(cast, bonded):
    with pytest.raises(FieldErrors) as refused:
        detention_request_match(officer=cast.officer1, request_id=bonded.pk, shipment={"channel": "boat"})
    assert set(refused.value.errors) == {"channel", "direction", "waybill_number"}
    assert not Case.objects.exists()


def test_goods_are_not_detained_before_the_bond_is_lodged(cast, submitted):
    detention_request_accept(officer=cast.officer1, request_id=submitted.pk)
    with pytest.raises(Refused, match="bond"):
        detention_request_match(officer=cast.officer1, request_id=submitted.pk, shipment=SHIPMENT)
    assert not Item.objects.exists()


def test_a_submitted_application_is_not_matched(cast, submitted):
    with pytest.raises(Refused):
        detention_request_match(officer=cast.officer1, request_id=submitted.pk, shipment=SHIPMENT)


def test_released_after_20_working_days_without_court_notice_exactly_once(cast, detained):
    due = detained.court_notice_due
    assert detention_requests_release_due(now=due - timedelta(seconds=1)) == 0
    assert DetentionRequest.objects.get(pk=detained.pk).status == R.DETAINED
    assert detention_requests_release_due(now=due) == 1
    assert detention_requests_release_due(now=due + timedelta(days=3)) == 0
    detained.refresh_from_db()
    assert detained.status == R.RELEASED
    assert "20 working days" in detained.close_reason
    item = Item.objects.get(pk=detained.item_id)
    assert item.status == Item.Status.RELEASED
    assert item.release_reason == detained.close_reason
    assert CaseEvent.objects.filter(item=item, action="released_after_20_days").count() == 1
    assert actions(detained).count("released") == 1
    assert Case.objects.get(pk=item.case_id).status == Case.Status.CLOSED


def test_day_20_still_held_at_its_last_second(cast, detained):
    last_day = deadline_display_date(detained.court_notice_due)
    end_of_day = datetime.combine(last_day, time(23, 59, 59), tzinfo=CALENDAR_TZ)
    assert working_days_between(detained.detained_at, last_day) == 20
    assert detention_requests_release_due(now=end_of_day) == 0
    assert detention_requests_release_due(now=end_of_day + timedelta(seconds=1)) == 1


def test_goods_detained_on_the_holder_application_are_not_investigated(cast, detained):
    from confirmations.services import item_investigation_record
    from portal.errors import Refused

    with pytest.raises(Refused, match="court"):
        item_investigation_record(officer=cast.officer1, item_id=detained.item_id, result="confirmed")
    assert Item.objects.get(pk=detained.item_id).status == Item.Status.DETAINED


def test_the_50_day_sweep_leaves_goods_of_a_holder_application_alone(cast, detained):
    assert items_release_without_court_notice(now=timezone.now() + timedelta(days=400)) == 0


def test_a_court_notice_stops_the_release(cast, detained):
    pdf = VerifiedPdf(content=b"%PDF-1.4\n%%EOF", sha256="b" * 64, original_name="notice.pdf")
    item_court_notice_record(
        officer=cast.officer1,
        item_id=detained.item_id,
        court="Shanghai IP Court",
        reference="(2026) Hu 73 Xing Bao 1",
        issued_on=date(2026, 3, 10),
        document=pdf,
    )
    detained.refresh_from_db()
    assert detained.status == R.COURT
    assert detention_requests_release_due(now=detained.court_notice_due + timedelta(days=1)) == 0
    assert actions(detained)[-1] == "court_notice"


def test_refusal_needs_a_reason_and_tells_the_holder(cast, submitted):
    with pytest.raises(FieldErrors):
        detention_request_refuse(officer=cast.officer1, request_id=submitted.pk, reason="  ")
    refused = detention_request_refuse(officer=cast.officer1, request_id=submitted.pk, reason="No evidence of origin")
    assert (refused.status, refused.refusal_reason) == (R.REFUSED, "No evidence of origin")
    assert DetentionRequestEvent.objects.get(request=refused, action="refused").reason == "No evidence of origin"
    assert Notice.objects.filter(recipient=cast.holder1_user, kind="detention_request").count() == 1


def test_a_decided_application_is_not_decided_again(cast, submitted):
    detention_request_refuse(officer=cast.officer1, request_id=submitted.pk, reason="Late")
    with pytest.raises(Refused):
        detention_request_accept(officer=cast.officer1, request_id=submitted.pk)
    with pytest.raises(Refused):
        detention_request_refuse(officer=cast.officer1, request_id=submitted.pk, reason="Again")


def test_withdrawal_before_review_closes_it_and_tells_the_office(cast, submitted):
    withdrawn = detention_request_withdraw(user=cast.holder1_user, request_id=submitted.pk, reason="Settled")
    assert withdrawn.status == R.WITHDRAWN
    assert Notice.objects.filter(recipient=cast.officer1, kind="detention_request").count() == 2
    with pytest.raises(Refused):
        detention_request_withdraw(user=cast.holder1_user, request_id=submitted.pk, reason="Again")


def test_withdrawal_after_detention_releases_the_goods(cast, detained):
    detention_request_withdraw(user=cast.holder1_user, request_id=detained.pk, reason="Settled with the importer")
    item = Item.objects.get(pk=detained.item_id)
    assert item.status == Item.Status.RELEASED
    assert CaseEvent.objects.filter(item=item, action="request_withdrawn").count() == 1
    assert detention_requests_release_due(now=detained.court_notice_due) == 0


def test_a_bond_lodged_on_a_withdrawn_application_with_nothing_detained_is_to_be_returned(cast, bonded):
    withdrawn = detention_request_withdraw(user=cast.holder1_user, request_id=bonded.pk, reason="Settled")
    assert withdrawn.bond_to_return()
    event = DetentionRequestEvent.objects.get(request=withdrawn, action="withdrawn")
    assert event.data["bond_to_return_cny"] == str(bonded.bond_amount_cny)
    office_notice = Notice.objects.filter(recipient=cast.officer1, kind="detention_request").latest("pk")
    assert "bond is to be returned" in office_notice.title_now() + office_notice.body


def test_an_application_withdrawn_before_its_bond_has_no_bond_to_return(cast, submitted):
    withdrawn = detention_request_withdraw(user=cast.holder1_user, request_id=submitted.pk, reason="Settled")
    assert not withdrawn.bond_to_return()
    assert DetentionRequestEvent.objects.get(request=withdrawn, action="withdrawn").data["bond_to_return_cny"] is None


def test_the_bond_of_an_application_withdrawn_after_detention_stays_with_the_office(cast, detained):
    withdrawn = detention_request_withdraw(user=cast.holder1_user, request_id=detained.pk, reason="Settled")
    assert withdrawn.bond_lodged()
    assert not withdrawn.bond_to_return()


def test_withdrawal_needs_a_reason(cast, submitted):
    with pytest.raises(FieldErrors):
        detention_request_withdraw(user=cast.holder1_user, request_id=submitted.pk, reason="")


def test_the_bond_is_recorded_once_and_only_after_acceptance(cast, submitted):
    with pytest.raises(Refused):
        detention_request_bond_receive(officer=cast.officer1, request_id=submitted.pk)
    detention_request_accept(officer=cast.officer1, request_id=submitted.pk)
    detention_request_bond_receive(officer=cast.officer1, request_id=submitted.pk)
    with pytest.raises(Refused):
        detention_request_bond_receive(officer=cast.officer1, request_id=submitted.pk)


def test_release_sweep_is_scheduled_and_in_the_health_check(settings, detained):
    from confirmations.tasks import release_requests_without_court_notice
    from portal.health import check_periodic

    entry = settings.CELERY_BEAT_SCHEDULE["release-requests-without-court-notice"]
    assert entry["task"] == "confirmations.release_requests_without_court_notice"
    assert "release-requests-without-court-notice" in check_periodic()["tasks"]
    assert release_requests_without_court_notice() == 0
