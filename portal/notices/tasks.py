"""Thin tasks that send deliveries; the rows are the source of truth."""

from celery import shared_task
from django.utils import timezone

from portal.notices import services
from portal.notices.models import Delivery


def _attempt(task, delivery_id: int) -> None:
    status = services.delivery_attempt(delivery_id=delivery_id)
    if status in (Delivery.Status.QUEUED, services.BUSY):
        due = Delivery.objects.filter(pk=delivery_id).values_list("next_attempt_at", flat=True).first()
        if due is not None:
            task.apply_async((delivery_id,), countdown=max((due - timezone.now()).total_seconds(), 0))


@shared_task(name="notices.deliver", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver(delivery_id: int) -> None:
    """Send one e-mail delivery if it is still due; schedule the next try after a failure."""
    _attempt(deliver, delivery_id)


@shared_task(name="notices.deliver_webhook", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_webhook(delivery_id: int) -> None:
    """Send one webhook delivery (on the ``webhooks`` queue) if it is still due and its endpoint is not paused."""
    _attempt(deliver_webhook, delivery_id)


@shared_task(name="notices.send_due_deliveries", ignore_result=True)
def send_due_deliveries() -> int:
    """Hand every due delivery to the queue, batch after batch until none is left; return how many."""
    return services.deliveries_send_due()
