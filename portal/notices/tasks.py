"""Thin tasks that send deliveries; the rows are the source of truth."""

from celery import shared_task

from portal.notices import services
from portal.notices.models import Delivery


@shared_task(name="notices.deliver", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver(delivery_id: int) -> None:
    """Send one delivery if it is still due; schedule the next try after a failure."""
    status = services.delivery_attempt(delivery_id=delivery_id)
    if status == Delivery.Status.QUEUED:
        wait = Delivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True).first() or 1
        deliver.apply_async((delivery_id,), countdown=services.backoff(wait).total_seconds())


@shared_task(name="notices.send_due_deliveries", ignore_result=True)
def send_due_deliveries() -> int:
    """Send every delivery that is due (those the broker never got, and retries)."""
    ids = services.due_delivery_ids()
    for delivery_id in ids:
        deliver.delay(delivery_id)
    return len(ids)
