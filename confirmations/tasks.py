"""Periodic tasks of the confirmation flow; each calls one service and is safe to run twice."""

from celery import shared_task

from confirmations import services
from confirmations.evidence import evidence_seal
from confirmations.rollup import daily_figures_rebuild
from confirmations.services.request_detention import detention_requests_release_due
from confirmations.services.request_expiry import detention_requests_expire_due


@shared_task(name="confirmations.lapse_items", ignore_result=True)
def lapse_items() -> int:
    """Release items whose deadline passed with no answer."""
    return services.items_lapse_due()


@shared_task(name="confirmations.notify_lapsed", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def notify_lapsed(token: str) -> int:
    """Write the notices of one batch of the lapse sweep, once (the batch's items carry its token until then)."""
    return services.lapsed_notify(token=token)


@shared_task(name="confirmations.send_deadline_reminders", ignore_result=True)
def send_deadline_reminders() -> int:
    """Remind holders 24 hours and 2 hours before their deadlines."""
    return services.deadline_reminders_send()


@shared_task(name="confirmations.seal_evidence", ignore_result=True)
def seal_evidence() -> int:
    """Seal every case's chain head for today; a second run the same day changes nothing."""
    seal, _created = evidence_seal()
    return seal.pk


@shared_task(name="confirmations.lapse_applications", ignore_result=True)
def lapse_applications() -> int:
    """Release the items of detention applications whose bond was not secured by its deadline."""
    return services.applications_lapse_due()


@shared_task(name="confirmations.release_without_court_notice", ignore_result=True)
def release_without_court_notice() -> int:
    """Release goods detained 50 working days without confirmed infringement or a court's notice."""
    return services.items_release_without_court_notice()


@shared_task(name="confirmations.send_investigation_reminders", ignore_result=True)
def send_investigation_reminders() -> int:
    """Remind officers of investigations due within 5 working days."""
    return services.investigation_reminders_send()


@shared_task(name="confirmations.rebuild_daily_figures", ignore_result=True)
def rebuild_daily_figures() -> int:
    """Roll up the statistics of the recent days (items still move for weeks after their notice)."""
    return daily_figures_rebuild()


@shared_task(name="confirmations.release_requests_without_court_notice", ignore_result=True)
def release_requests_without_court_notice() -> int:
    """Release goods detained on a holder's application 20 working days without a court's notice."""
    return detention_requests_release_due()


@shared_task(name="confirmations.expire_requests_without_shipment", ignore_result=True)
def expire_requests_without_shipment() -> int:
    """Expire accepted applications whose shipment did not come within the working days after its window."""
    return detention_requests_expire_due()


@shared_task(name="confirmations.send_consignee_notice", bind=True, max_retries=8, ignore_result=True)
def send_consignee_notice(self, link_id: int) -> None:
    """E-mail a consignee's written detention notice with its link; retry with backoff while sending fails."""
    wait = services.consignee_notice_deliver(link_id=link_id)
    if wait is not None:
        raise self.retry(countdown=wait)


@shared_task(name="confirmations.send_consignee_notices", ignore_result=True)
def send_consignee_notices() -> int:
    """Queue the consignees' notices still due (the queue was down, or a worker died while sending)."""
    return services.consignee_notices_send_due()
