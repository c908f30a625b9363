from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from portal.errors import Refused
from portal.notices.models import Notice
from recordals.models import Recordal
from recordals.services import (
    recordal_approve,
    recordal_cancel,
    recordal_create,
    recordal_reject,
    recordal_renew,
    recordal_submit,
    recordal_update,
)
from recordals.tests.factories import RecordalFactory, approved_recordal, submitted_recordal

pytestmark = pytest.mark.django_db

S = Recordal.Status


def snapshot(recordal):
    recordal.refresh_from_db()
    return (recordal.status, recordal.number, recordal.valid_until, recordal.events.count())


def draft(cast, **fields):
    return recordal_create(
        actor=cast.holder1_user,
        holder=cast.holder1,
        right_type="trademark",
        title="LUMIÈRE",
        registration_number="G123456",
        right_valid_from=date(2019, 1, 1),
        right_valid_until=date(2039, 1, 1),
        nice_classes=[18, 14],
        goods=[{"name": "Handbags", "hs_code": "4202.21"}],
        **fields,
    )


def test_create_writes_a_draft_with_its_event(cast):
    recordal = draft(cast)

    assert recordal.status == S.DRAFT and recordal.nice_classes == [14, 18]
    assert recordal.goods.get().hs_code == "420221"
    assert list(recordal.events.values_list("action", "to_status", "actor")) == [
        ("created", "draft", cast.holder1_user.pk)
    ]


def test_full_path_draft_submitted_approved_renewal_renewed_cancelled(cast, at):
    at(2026, 6, 15)
    recordal = draft(cast)
    recordal = recordal_submit(actor=cast.holder1_user, recordal=recordal)
    assert recordal.status == S.SUBMITTED and recordal.submitted_at is not None
    recordal = recordal_approve(actor=cast.admin, recordal=recordal)
    assert recordal.status == S.APPROVED and recordal.number == "T2026-000001"
    at(2036, 2, 1)
    recordal = recordal_renew(actor=cast.agent_user, recordal=recordal)
    assert recordal.status == S.RENEWAL_REQUESTED and recordal.is_in_force(date(2036, 2, 1))
    recordal = recordal_approve(actor=cast.admin, recordal=recordal)
    assert recordal.status == S.APPROVED and recordal.valid_until == date(2039, 1, 1)
    recordal = recordal_cancel(actor=cast.holder1_user, recordal=recordal, reason="Brand sold")

    assert recordal.status == S.CANCELLED
    events = list(recordal.events.values_list("action", "from_status", "to_status"))
    assert events == [
        ("created", "", "draft"),
        ("submitted", "draft", "submitted"),
        ("approved", "submitted", "approved"),
        ("renewal_requested", "approved", "renewal_requested"),
        ("renewed", "renewal_requested", "approved"),
        ("cancelled", "approved", "cancelled"),
    ]


def test_rejection_requires_a_reason_and_changes_nothing_without_one(cast):
    recordal = submitted_recordal(holder=cast.holder1)
    before = snapshot(recordal)

    with pytest.raises(Refused, match="reason"):
        recordal_reject(actor=cast.admin, recordal=recordal, reason="  ")

    assert snapshot(recordal) == before


def test_rejected_filing_can_be_corrected_and_resubmitted(cast):
    recordal = submitted_recordal(holder=cast.holder1)
    recordal = recordal_reject(actor=cast.admin, recordal=recordal, reason="Certificate missing")
    assert (recordal.status, recordal.rejection_reason) == (S.REJECTED, "Certificate missing")
    assert recordal.events.get(action="rejected").reason == "Certificate missing"

    recordal = recordal_update(actor=cast.holder1_user, recordal=recordal, fields={"right_details": "Cert. attached"})
    recordal = recordal_submit(actor=cast.holder1_user, recordal=recordal)

    assert recordal.status == S.SUBMITTED and recordal.rejection_reason == ""


def test_renewal_request_can_be_refused_and_the_recordal_stays_approved(cast, at):
    at(2026, 6, 15)
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=None)
    at(2036, 6, 1)
    recordal_renew(actor=cast.holder1_user, recordal=recordal)

    recordal = recordal_reject(actor=cast.admin, recordal=recordal, reason="Fee unpaid")

    assert recordal.status == S.APPROVED and recordal.valid_until == date(2036, 6, 15)
    assert recordal.events.last().action == "renewal_rejected"


def test_decisions_notify_the_holder_staff_and_agents(cast):
    recordal = submitted_recordal(holder=cast.holder1)

    recordal_approve(actor=cast.admin, recordal=recordal)

    recipients = set(Notice.objects.filter(kind="recordal_approved").values_list("recipient__username", flat=True))
    assert recipients == {"t-holder1", "t-holder1b", "t-agent1"}


@pytest.mark.parametrize(
    ("status", "service", "kwargs", "message"),
    [
        (S.DRAFT, recordal_approve, {}, "draft; it cannot be approved"),
        (S.REJECTED, recordal_approve, {}, "cannot be approved"),
        (S.DRAFT, recordal_reject, {"reason": "x"}, "cannot be rejected"),
        (S.APPROVED, recordal_reject, {"reason": "x"}, "cannot be rejected"),
        (S.APPROVED, recordal_approve, {}, "cannot be approved"),
        (S.EXPIRED, recordal_approve, {}, "cannot be approved"),
        (S.CANCELLED, recordal_approve, {}, "cannot be approved"),
    ],
)
def test_reviewer_moves_forbidden_by_state(cast, status, service, kwargs, message):
    recordal = approved_recordal(holder=cast.holder1) if status != S.DRAFT else RecordalFactory(holder=cast.holder1)
    Recordal.objects.filter(pk=recordal.pk).update(status=status)
    before = snapshot(recordal)

    with pytest.raises(Refused, match=message):
        service(actor=cast.admin, recordal=recordal, **kwargs)

    assert snapshot(recordal) == before


@pytest.mark.parametrize(
    ("status", "service", "message"),
    [
        (S.SUBMITTED, recordal_submit, "cannot be submitted"),
        (S.APPROVED, recordal_submit, "cannot be submitted"),
        (S.DRAFT, recordal_renew, "cannot be renewed"),
        (S.SUBMITTED, recordal_renew, "cannot be renewed"),
        (S.EXPIRED, recordal_renew, "cannot be renewed"),
        (S.CANCELLED, recordal_renew, "cannot be renewed"),
        (S.RENEWAL_REQUESTED, recordal_renew, "already awaiting review"),
        (S.EXPIRED, recordal_cancel, "cannot be cancelled"),
        (S.CANCELLED, recordal_cancel, "cannot be cancelled"),
        (S.DRAFT, recordal_cancel, "cannot be cancelled"),
    ],
)
def test_holder_moves_forbidden_by_state(cast, status, service, message):
    recordal = approved_recordal(holder=cast.holder1)
    Recordal.objects.filter(pk=recordal.pk).update(status=status)
    before = snapshot(recordal)

    with pytest.raises(Refused, match=message):
        service(actor=cast.holder1_user, recordal=recordal)

    assert snapshot(recordal) == before


def test_an_approved_recordal_cannot_be_edited_in_place(cast):
    recordal = approved_recordal(holder=cast.holder1)
    before = snapshot(recordal)

    with pytest.raises(Refused, match="request a modification"):
        recordal_update(actor=cast.holder1_user, recordal=recordal, fields={"title": "OTHER"})

    assert snapshot(recordal) == before and recordal.title == "LUMIÈRE"


def test_incomplete_filing_cannot_be_submitted(cast):
    recordal = RecordalFactory(holder=cast.holder1, nice_classes=[], goods=[])

    with pytest.raises(Refused) as error:
        recordal_submit(actor=cast.holder1_user, recordal=recordal)

    assert "Nice class" in error.value.message and "genuine goods" in error.value.message
    assert snapshot(recordal)[0] == S.DRAFT


def test_a_right_that_ends_before_it_starts_is_refused(cast):
    with pytest.raises(Refused, match="cannot end before it starts"):
        recordal_create(
            actor=cast.holder1_user,
            holder=cast.holder1,
            right_type="copyright",
            title="Pattern",
            registration_number="C1",
            right_valid_from=date(2030, 1, 1),
            right_valid_until=date(2029, 1, 1),
        )
    assert not Recordal.objects.exists()


@pytest.mark.parametrize("service", [recordal_approve, recordal_reject])
def test_only_administrators_review(cast, service):
    recordal = submitted_recordal(holder=cast.holder1)

    for user in (cast.holder1_user, cast.agent_user, cast.officer1):
        with pytest.raises(PermissionDenied):
            service(actor=user, recordal=recordal, **({"reason": "x"} if service is recordal_reject else {}))

    assert snapshot(recordal)[0] == S.SUBMITTED


def test_other_holders_and_officers_cannot_file_submit_or_renew(cast):
    recordal = RecordalFactory(holder=cast.holder1)

    for user in (cast.holder2_user, cast.officer1, cast.admin, cast.outsider):
        with pytest.raises(PermissionDenied):
            recordal_submit(actor=user, recordal=recordal)
        with pytest.raises(PermissionDenied):
            recordal_create(
                actor=user,
                holder=cast.holder1,
                right_type="trademark",
                title="X",
                registration_number="1",
                right_valid_from=date(2020, 1, 1),
            )


def test_an_administrator_cancels_only_with_a_reason(cast):
    recordal = approved_recordal(holder=cast.holder1)

    with pytest.raises(Refused, match="reason"):
        recordal_cancel(actor=cast.admin, recordal=recordal)
    recordal = recordal_cancel(actor=cast.admin, recordal=recordal, reason="Right invalidated by the court")

    assert recordal.status == S.CANCELLED


@pytest.mark.parametrize(
    ("right_valid_from", "right_valid_until", "field"),
    [
        (date(9999, 12, 31), None, "right_valid_from"),
        (date(2026, 6, 16), date(2036, 1, 1), "right_valid_from"),
        (date(2016, 1, 1), date(2026, 6, 14), "right_valid_until"),
    ],
)
def test_a_right_not_in_force_on_the_day_of_approval_is_not_approved(
    cast, at, api_client, right_valid_from, right_valid_until, field
):
    at(2026, 6, 15, 23, 30)
    recordal = submitted_recordal(
        holder=cast.holder1, right_valid_from=right_valid_from, right_valid_until=right_valid_until
    )
    before = snapshot(recordal)
    api_client.force_authenticate(cast.admin)
    response = api_client.post(f"/api/recordals/{recordal.pk}/approve/", format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert snapshot(recordal) == before


@pytest.mark.parametrize(
    ("right_valid_from", "right_valid_until"),
    [(date(2026, 6, 15), None), (date(2016, 1, 1), date(2026, 6, 15))],
)
def test_a_right_in_force_from_or_until_the_shanghai_day_of_approval_is_approved(
    cast, at, right_valid_from, right_valid_until
):
    at(2026, 6, 15, 0, 5)
    recordal = submitted_recordal(
        holder=cast.holder1, right_valid_from=right_valid_from, right_valid_until=right_valid_until
    )
    assert recordal_approve(actor=cast.admin, recordal=recordal).status == S.APPROVED


def test_the_review_page_says_why_a_future_right_is_not_approved(cast, at, client):
    at(2026, 6, 15)
    recordal = submitted_recordal(holder=cast.holder1, right_valid_from=date(9999, 12, 31), right_valid_until=None)
    client.force_login(cast.admin)
    response = client.post(
        f"/recordals/{recordal.pk}/review/", {"decision": "approve", "confirmed": "yes"}, follow=True
    )
    assert "valid only from 9999-12-31" in response.content.decode()
    recordal.refresh_from_db()
    assert recordal.status == S.SUBMITTED
