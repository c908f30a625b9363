"""Tips: the holder side sends, the office marks used (with its case) or not used, the holder sees which."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from confirmations.models import Tip, TipEvent
from confirmations.services import FieldErrors
from confirmations.services.tips import tip_mark_not_used, tip_mark_used
from confirmations.tests.factories import file_case, item_input
from confirmations.tests.request_factories import send_tip
from portal.errors import Refused
from portal.notices.models import Notice

# These tests build data on fixed calendar dates (windows, deadlines, validity) and assert them.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
URL = "/api/tips/"


@pytest.fixture
def tip(cast):
    return send_tip(cast.holder1_user, cast.office1)


def test_holder_sends_a_tip_and_the_office_is_told(cast, tip):
    assert (tip.holder, tip.status, tip.recordal) == (cast.holder1, Tip.Status.NEW, None)
    assert Notice.objects.filter(recipient=cast.officer1, kind="tip").count() == 1
    assert not Notice.objects.filter(recipient=cast.officer2).exists()
    assert list(TipEvent.objects.filter(tip=tip).values_list("action", flat=True)) == ["sent"]


def test_a_tip_naming_a_recordal_belongs_to_its_holder(cast, recordals):
    sent = send_tip(cast.agent_user, cast.office1, recordal_id=recordals.lumiere.pk)
    assert sent.holder == cast.holder1


def test_an_agent_names_the_holder_when_no_recordal(cast):
    with pytest.raises(FieldErrors) as refused:
        send_tip(cast.agent_user, cast.office1)
    assert set(refused.value.errors) == {"holder"}
    assert send_tip(cast.agent_user, cast.office1, holder_id=cast.holder1.pk).holder == cast.holder1


def test_an_agent_cannot_tip_for_a_holder_it_does_not_file_for(cast):
    with pytest.raises(FieldErrors):
        send_tip(cast.agent_user, cast.office1, holder_id=cast.holder2.pk)


def test_officers_do_not_send_tips(cast):
    with pytest.raises(PermissionDenied):
        send_tip(cast.officer1, cast.office2)


def test_tip_refuses_a_past_arrival_and_a_non_office(cast, recordals):
    with pytest.raises(FieldErrors) as refused:
        send_tip(cast.holder1_user, cast.holder2, expected_arrival=date(2026, 1, 1), recordal_id=recordals.nordik.pk)
    assert set(refused.value.errors) == {"office", "expected_arrival", "recordal"}


def test_marked_used_with_a_case_of_the_office(cast, recordals, tip):
    case = file_case(cast.officer1, [item_input(recordals.lumiere)])
    used = tip_mark_used(officer=cast.officer1, tip_id=tip.pk, case_id=case.pk, note="Found 40 cartons")
    assert (used.status, used.case, used.outcome_note) == (Tip.Status.USED, case, "Found 40 cartons")
    assert Notice.objects.filter(recipient=cast.holder1_user, kind="tip").count() == 1


def test_used_refuses_a_case_of_another_office(cast, recordals, tip):
    other = file_case(cast.officer2, [item_input(recordals.nordik)])
    with pytest.raises(FieldErrors) as refused:
        tip_mark_used(officer=cast.officer1, tip_id=tip.pk, case_id=other.pk)
    assert set(refused.value.errors) == {"case"}


def test_not_used_needs_a_note_and_is_final(cast, recordals, tip):
    with pytest.raises(FieldErrors):
        tip_mark_not_used(officer=cast.officer1, tip_id=tip.pk, note="")
    tip_mark_not_used(officer=cast.officer1, tip_id=tip.pk, note="No such container arrived")
    case = file_case(cast.officer1, [item_input(recordals.lumiere)])
    with pytest.raises(Refused):
        tip_mark_used(officer=cast.officer1, tip_id=tip.pk, case_id=case.pk)


@pytest.mark.parametrize("role", ["officer2", "holder1_user", "admin"])
def test_only_officers_of_the_office_mark_tips(cast, tip, role):
    with pytest.raises(PermissionDenied):
        tip_mark_not_used(officer=getattr(cast, role), tip_id=tip.pk, note="x")


def test_api_holder_sends_and_sees_the_outcome(api_client, cast, recordals):
    api_client.force_authenticate(cast.holder1_user)
    created = api_client.post(
        URL, {"office": cast.office1.pk, "subject": "Fake watches", "details": "Weekly"}, format="json"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    case = file_case(cast.officer1, [item_input(recordals.lumiere)])
    api_client.force_authenticate(cast.officer1)
    assert api_client.post(f"{URL}{pk}/mark-used/", {"case": case.pk}, format="json").status_code == 200
    api_client.force_authenticate(cast.holder1_user)
    seen = api_client.get(f"{URL}{pk}/").json()
    assert (seen["status"], seen["case"]) == ("used", case.pk)


def test_api_field_errors(api_client, cast, tip):
    api_client.force_authenticate(cast.holder1_user)
    assert set(api_client.post(URL, {"office": 0}, format="json").json()) == {"office", "subject", "details"}
    api_client.force_authenticate(cast.officer1)
    assert set(api_client.post(f"{URL}{tip.pk}/mark-not-used/", {}, format="json").json()) == {"note"}
    assert set(api_client.post(f"{URL}{tip.pk}/mark-used/", {"case": 999999}, format="json").json()) == {"case"}


@pytest.mark.parametrize(
    ("role", "sees"),
    [("holder1_user", True), ("agent_user", True), ("officer1", True), ("admin", True)]
    + [("officer2", False), ("holder2_user", False), ("outsider", False)],
)
def test_api_who_sees_a_tip(api_client, cast, tip, role, sees):
    api_client.force_authenticate(getattr(cast, role))
    assert api_client.get(f"{URL}{tip.pk}/").status_code == (200 if sees else 404)
    assert [r["id"] for r in api_client.get(URL).json()["results"]] == ([tip.pk] if sees else [])


def test_api_holder_cannot_mark_its_own_tip(api_client, cast, tip):
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.post(f"{URL}{tip.pk}/mark-not-used/", {"note": "x"}, format="json").status_code == 403


def test_api_office_queue_puts_unhandled_first_by_expected_arrival(api_client, cast):
    late = send_tip(cast.holder1_user, cast.office1, expected_arrival=date(2026, 4, 30))
    soon = send_tip(cast.holder1_user, cast.office1, expected_arrival=date(2026, 3, 12))
    api_client.force_authenticate(cast.officer1)
    assert [r["id"] for r in api_client.get(URL).json()["results"]] == [soon.pk, late.pk]
