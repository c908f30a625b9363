from datetime import date

import pytest

from portal.errors import Refused
from recordals import validity
from recordals.services import recordal_approve, recordal_renew
from recordals.tests.factories import approved_recordal, submitted_recordal


def test_validity_runs_ten_years_from_approval():
    assert validity.initial_validity(date(2026, 3, 10), date(2045, 1, 1)) == (date(2026, 3, 10), date(2036, 3, 10))


def test_validity_is_capped_at_the_rights_end():
    assert validity.initial_validity(date(2026, 3, 10), date(2030, 5, 31)) == (date(2026, 3, 10), date(2030, 5, 31))


def test_validity_without_a_right_end_is_not_capped():
    assert validity.initial_validity(date(2026, 3, 10), None)[1] == date(2036, 3, 10)


def test_approval_on_29_february_ends_on_28_february():
    assert validity.initial_validity(date(2028, 2, 29), None)[1] == date(2038, 2, 28)


def test_renewal_adds_ten_years_capped():
    assert validity.renewed_until(date(2036, 3, 10), None) == date(2046, 3, 10)
    assert validity.renewed_until(date(2036, 3, 10), date(2040, 1, 1)) == date(2040, 1, 1)


def test_renewal_window_opens_six_months_before_clamped_to_month_end():
    assert validity.renewal_window_start(date(2036, 3, 10)) == date(2035, 9, 10)
    assert validity.renewal_window_start(date(2036, 8, 31)) == date(2036, 2, 29)
    assert validity.renewal_window_start(date(2035, 8, 31)) == date(2035, 2, 28)


@pytest.mark.django_db
def test_approval_sets_validity_from_the_shanghai_date(at):
    at(2026, 6, 15, 23, 30)
    recordal = approved_recordal(right_valid_until=date(2050, 1, 1))

    assert (recordal.valid_from, recordal.valid_until) == (date(2026, 6, 15), date(2036, 6, 15))


@pytest.mark.django_db
def test_approval_just_after_midnight_in_shanghai_counts_the_shanghai_day(at):
    at(2026, 6, 16, 0, 30)  # 16:30 UTC on the 15th
    recordal = approved_recordal()

    assert recordal.valid_from == date(2026, 6, 16)


@pytest.mark.django_db
def test_right_expiring_before_ten_years_caps_the_recordal(at):
    at(2026, 6, 15)
    recordal = approved_recordal(right_valid_until=date(2029, 4, 30))

    assert recordal.valid_until == date(2029, 4, 30)


@pytest.mark.django_db
def test_recordal_approved_on_29_february(at):
    at(2028, 2, 29)
    recordal = approved_recordal(right_valid_until=None)

    assert recordal.valid_until == date(2038, 2, 28)
    assert recordal.number.startswith("T2028-")


@pytest.mark.django_db
def test_a_right_already_expired_cannot_be_approved(at, cast):
    at(2026, 6, 15)
    recordal = submitted_recordal(holder=cast.holder1, right_valid_until=date(2026, 6, 14))

    with pytest.raises(Refused, match="expired on 2026-06-14"):
        recordal_approve(actor=cast.admin, recordal=recordal)

    recordal.refresh_from_db()
    assert recordal.status == "submitted" and recordal.number is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "allowed"),
    [
        ((2036, 12, 14), False),  # the day before the window
        ((2036, 12, 15), True),  # first day of the window
        ((2037, 6, 15), True),  # the last day of validity
    ],
)
def test_renewal_window_borders(at, cast, today, allowed):
    at(2027, 6, 15)
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=None)
    assert recordal.valid_until == date(2037, 6, 15)
    at(*today)

    if allowed:
        assert recordal_renew(actor=cast.holder1_user, recordal=recordal).status == "renewal_requested"
    else:
        with pytest.raises(Refused, match="Renewal opens on 2036-12-15"):
            recordal_renew(actor=cast.holder1_user, recordal=recordal)


@pytest.mark.django_db
def test_renewal_the_day_after_the_end_is_refused(at, cast):
    at(2027, 6, 15)
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=None)
    at(2037, 6, 16)

    with pytest.raises(Refused, match="ended on 2037-06-15"):
        recordal_renew(actor=cast.holder1_user, recordal=recordal)


@pytest.mark.django_db
def test_renewal_is_refused_when_the_right_itself_ends_first(at, cast):
    at(2026, 6, 15)
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=date(2030, 1, 31))
    at(2029, 12, 1)

    with pytest.raises(Refused, match="right itself ends on 2030-01-31"):
        recordal_renew(actor=cast.holder1_user, recordal=recordal)


@pytest.mark.django_db
def test_renewal_approval_extends_from_the_old_end_capped(at, cast):
    at(2026, 6, 15)
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=date(2041, 3, 1))
    at(2036, 5, 1)
    recordal_renew(actor=cast.holder1_user, recordal=recordal)

    renewed = recordal_approve(actor=cast.admin, recordal=recordal)

    assert (renewed.status, renewed.valid_until, renewed.renewal_count) == ("approved", date(2041, 3, 1), 1)
    event = renewed.events.get(action="renewed")
    assert event.data == {"old_valid_until": "2036-06-15", "new_valid_until": "2041-03-01"}
