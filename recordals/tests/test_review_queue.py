from datetime import datetime

import pytest

from recordals.selectors import review_queue, review_queue_recordals
from recordals.services import recordal_renew
from recordals.tests.conftest import shanghai
from recordals.tests.factories import approved_recordal, submitted_recordal

pytestmark = pytest.mark.django_db


def test_working_days_left_follow_the_official_calendar(cast, at):
    # Submitted on Friday 2026-09-25; the National Day holiday runs from 1 to 7 October 2026.
    recordal = submitted_recordal(holder=cast.holder1, submitted_at=shanghai(2026, 9, 25, 15, 0))

    [entry] = review_queue(review_queue_recordals(), now=shanghai(2026, 10, 9, 12, 0))

    assert entry.recordal == recordal
    assert entry.working_days_used == 5  # 28, 29, 30 September, 8 and 9 October
    assert entry.working_days_left == 25 and not entry.overdue


def test_a_filing_past_thirty_working_days_is_overdue(cast):
    submitted_recordal(holder=cast.holder1, submitted_at=shanghai(2026, 3, 2, 9, 0))

    [entry] = review_queue(review_queue_recordals(), now=shanghai(2026, 4, 28, 9, 0))

    assert entry.overdue and entry.overdue_by == entry.working_days_used - 30 > 0


def test_queue_mixes_filings_and_renewals_oldest_first(cast, at):
    at(2026, 1, 5)
    renewing = approved_recordal(holder=cast.holder1, right_valid_until=None)
    at(2035, 12, 1)
    first = submitted_recordal(holder=cast.holder2, submitted_at=shanghai(2035, 11, 1))
    recordal_renew(actor=cast.holder1_user, recordal=renewing)
    last = submitted_recordal(holder=cast.holder2, submitted_at=shanghai(2035, 12, 1, 11, 0))

    assert list(review_queue_recordals()) == [first, renewing, last]
    assert isinstance(review_queue_recordals()[1].queued_at, datetime)
