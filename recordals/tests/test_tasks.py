from datetime import date

import pytest

from portal.notices.models import Delivery, Notice
from recordals import tasks
from recordals.models import Recordal, RecordalReminder
from recordals.services import recordal_approve, recordal_renew, recordals_expire_due, recordals_remind_expiry
from recordals.tests.factories import approved_recordal

pytestmark = pytest.mark.django_db


@pytest.fixture
def recordal(cast, at):
    at(2026, 6, 15)
    return approved_recordal(holder=cast.holder1, right_valid_until=None)  # valid until 2036-06-15


def test_tasks_carry_the_names_beat_schedules():
    assert tasks.expire_recordals.name == "recordals.expire_recordals"
    assert tasks.send_expiry_reminders.name == "recordals.send_expiry_reminders"


def test_a_recordal_is_in_force_on_its_last_day_and_expires_the_day_after(recordal, at):
    at(2036, 6, 15, 23, 59)
    assert tasks.expire_recordals() == 0
    at(2036, 6, 16, 0, 1)

    assert tasks.expire_recordals() == 1

    recordal.refresh_from_db()
    assert recordal.status == Recordal.Status.EXPIRED
    event = recordal.events.last()
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "expired",
        None,
        "approved",
        "expired",
    )


def test_expiry_is_idempotent(recordal, at):
    at(2036, 7, 1)
    tasks.expire_recordals()
    tasks.expire_recordals()

    assert recordal.events.filter(action="expired").count() == 1


def test_a_pending_renewal_expires_too_when_its_end_passes(recordal, cast, at):
    at(2036, 6, 1)
    recordal_renew(actor=cast.holder1_user, recordal=recordal)

    assert recordals_expire_due(today=date(2036, 6, 16)) == 1
    recordal.refresh_from_db()
    assert recordal.status == Recordal.Status.EXPIRED and recordal.renewal_requested_at is None


def test_reminders_six_months_and_one_month_before_each_once(recordal, at):
    at(2035, 12, 14)
    assert tasks.send_expiry_reminders() == 0
    at(2035, 12, 15)
    assert tasks.send_expiry_reminders() == 1
    assert tasks.send_expiry_reminders() == 0
    at(2036, 3, 1)
    assert tasks.send_expiry_reminders() == 0
    at(2036, 5, 15)
    assert tasks.send_expiry_reminders() == 1
    at(2036, 5, 20)
    assert tasks.send_expiry_reminders() == 0

    assert list(RecordalReminder.objects.values_list("kind", "valid_until")) == [
        ("6m", date(2036, 6, 15)),
        ("1m", date(2036, 6, 15)),
    ]


def test_reminders_go_in_app_and_by_email_to_holder_staff_and_agents(recordal, at, django_capture_on_commit_callbacks):
    at(2035, 12, 20)
    with django_capture_on_commit_callbacks():
        tasks.send_expiry_reminders()

    notices = Notice.objects.filter(kind="recordal_expiry_reminder")
    assert set(notices.values_list("recipient__username", flat=True)) == {"t-holder1", "t-holder1b", "t-agent1"}
    assert "ends on 2036-06-15" in notices.first().title
    email = Delivery.objects.filter(channel="email").first()
    assert "2036-06-15" in email.text_body and "&quot;" not in email.text_body
    assert "2035-12-15" in email.html_body


def test_after_renewal_reminders_start_again_for_the_new_end(recordal, cast, at):
    at(2036, 5, 20)
    tasks.send_expiry_reminders()
    recordal_renew(actor=cast.holder1_user, recordal=recordal)
    recordal_approve(actor=cast.admin, recordal=recordal)
    at(2045, 12, 20)

    assert tasks.send_expiry_reminders() == 1
    assert RecordalReminder.objects.filter(valid_until=date(2046, 6, 15)).count() == 1


def test_no_reminder_while_a_renewal_is_pending(recordal, cast, at):
    at(2036, 1, 5)
    recordal_renew(actor=cast.holder1_user, recordal=recordal)

    assert recordals_remind_expiry() == 0
