from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from portal.errors import Refused
from portal.notices.models import Notice
from recordals.models import Modification, Recordal
from recordals.services import modification_approve, modification_reject, modification_request
from recordals.tests.factories import RecordalFactory, approved_recordal

pytestmark = pytest.mark.django_db


def test_a_shortened_right_caps_the_recordal_on_approval(cast, at):
    at(2026, 6, 15)
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=date(2040, 1, 1))
    modification = modification_request(
        actor=cast.holder1_user, recordal=recordal, changes={"right_valid_until": "2031-05-01"}
    )

    modification_approve(actor=cast.admin, modification=modification)

    recordal.refresh_from_db()
    assert (recordal.right_valid_until, recordal.valid_until) == (date(2031, 5, 1), date(2031, 5, 1))
    event = recordal.events.get(action="modification_approved")
    assert event.data["changes"]["valid_until"] == {"old": "2036-06-15", "new": "2031-05-01"}


def test_a_renewed_right_lets_the_recordal_be_renewed_later(cast, at):
    at(2026, 6, 15)
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=date(2030, 1, 1))
    modification = modification_request(
        actor=cast.agent_user, recordal=recordal, changes={"right_valid_until": date(2040, 1, 1)}
    )
    modification_approve(actor=cast.admin, modification=modification)

    recordal.refresh_from_db()
    assert recordal.valid_until == date(2030, 1, 1) and recordal.right_valid_until == date(2040, 1, 1)


def test_only_one_pending_request_at_a_time(cast):
    recordal = approved_recordal(holder=cast.holder1)
    modification_request(actor=cast.holder1_user, recordal=recordal, changes={"right_details": "A"})

    with pytest.raises(Refused, match="already awaiting review"):
        modification_request(actor=cast.holder1_user, recordal=recordal, changes={"right_details": "B"})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "changes nothing"),
        ({"right_details": ""}, "changes nothing"),
        ({"nice_classes": [0]}, "1 to 45"),
        ({"right_valid_until": "tomorrow"}, "YYYY-MM-DD"),
        ({"right_valid_until": "2000-01-01"}, "before it starts"),
        ({"title": "NEW"}, "cannot be modified: title"),
    ],
)
def test_invalid_requests_are_refused(cast, changes, message):
    recordal = approved_recordal(holder=cast.holder1)

    with pytest.raises(Refused, match=message):
        modification_request(actor=cast.holder1_user, recordal=recordal, changes=changes)

    assert not Modification.objects.exists()


def test_drafts_are_edited_not_modified(cast):
    with pytest.raises(Refused, match="in force"):
        modification_request(
            actor=cast.holder1_user, recordal=RecordalFactory(holder=cast.holder1), changes={"right_details": "x"}
        )


def test_rejection_needs_a_reason_and_tells_the_holder(cast):
    recordal = approved_recordal(holder=cast.holder1)
    modification = modification_request(actor=cast.holder1_user, recordal=recordal, changes={"right_details": "x"})

    with pytest.raises(Refused):
        modification_reject(actor=cast.admin, modification=modification, reason="")
    modification_reject(actor=cast.admin, modification=modification, reason="No proof")

    modification.refresh_from_db()
    assert (modification.status, modification.reason) == ("rejected", "No proof")
    assert Notice.objects.filter(kind="recordal_modification_rejected", recipient=cast.holder1_user).exists()
    with pytest.raises(Refused, match="already decided"):
        modification_approve(actor=cast.admin, modification=modification)
    assert Recordal.objects.get(pk=recordal.pk).right_details == ""


def test_only_administrators_decide_and_only_the_holder_side_requests(cast):
    recordal = approved_recordal(holder=cast.holder1)
    with pytest.raises(PermissionDenied):
        modification_request(actor=cast.holder2_user, recordal=recordal, changes={"right_details": "x"})
    modification = modification_request(actor=cast.holder1_user, recordal=recordal, changes={"right_details": "x"})

    with pytest.raises(PermissionDenied):
        modification_approve(actor=cast.holder1_user, modification=modification)
