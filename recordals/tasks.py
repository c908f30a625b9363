"""Periodic recordal work, run by Celery beat: expiry and expiry reminders."""

from celery import shared_task

from recordals.services import recordals_expire_due, recordals_remind_expiry


@shared_task(name="recordals.expire_recordals")
def expire_recordals() -> int:
    """Expire recordals whose validity has ended."""
    return recordals_expire_due()


@shared_task(name="recordals.send_expiry_reminders")
def send_expiry_reminders() -> int:
    """Send the six-month and one-month expiry reminders that are due."""
    return recordals_remind_expiry()
