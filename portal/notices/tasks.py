"""Thin tasks that send deliveries; the rows are the source of truth."""

import logging

from celery import shared_task
from django.utils import timezone

from portal.notices import sending
from portal.notices.models import Delivery

logger = logging.getLogger(__name__)
BATCH = 25
FAN_OUT = 4


def _attempt(task, delivery_id: int) -> None:
    status = sending.delivery_attempt(delivery_id=delivery_id)
    if status in (Delivery.Status.QUEUED, sending.BUSY):
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


@shared_task(name="notices.deliver_batch", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_batch(delivery_ids: list[int]) -> None:
    """Send e-mail deliveries written together (a filed case's) in turn; one that fails is retried on its own."""
    for delivery_id in delivery_ids:
        _attempt(deliver, delivery_id)


@shared_task(name="notices.deliver_webhook_batch", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_webhook_batch(delivery_ids: list[int]) -> None:
    """Send webhook deliveries to one endpoint, written together, in turn (on the ``webhooks`` queue)."""
    for delivery_id in delivery_ids:
        _attempt(deliver_webhook, delivery_id)


@shared_task(name="notices.send_due_deliveries", ignore_result=True)
def send_due_deliveries() -> int:
    """Hand every due delivery to the queue, batch after batch until none is left; return how many."""
    return deliveries_send_due()


def queue_deliveries(ids: list[int]) -> None:
    """Hand deliveries to the worker; a broker that is down leaves them for the periodic sweep."""
    queue_rows(list(Delivery.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "channel", "endpoint_id")))


def _batches(rows: list[tuple[int, str, int | None]]) -> list[tuple[object, list[int]]]:
    """Group deliveries written together into send tasks: e-mails ``BATCH`` at a time, webhooks one task per endpoint
    (so a receiver that hangs holds up only its own deliveries)."""
    emails = [pk for pk, channel, _endpoint in rows if channel != Delivery.Channel.WEBHOOK]
    hooks: dict[int, list[int]] = {}
    for pk, channel, endpoint in rows:
        if channel == Delivery.Channel.WEBHOOK:
            hooks.setdefault(endpoint, []).append(pk)
    batches = [(deliver_batch, emails[n : n + BATCH]) for n in range(0, len(emails), BATCH)]
    return batches + [(deliver_webhook_batch, ids) for ids in hooks.values()]


def _publish(batches: list[tuple[object, list[int]]]) -> list[int]:
    """Publish each batch's task; if the broker fails, leave the rest for the sweep; return the ids handed out."""
    for index, (task, ids) in enumerate(batches):
        try:
            task.delay(ids)
        except Exception as exc:  # noqa: BLE001 - the rows stay queued; send_due_deliveries picks them up
            rest = [pk for _task, later in batches[index:] for pk in later]
            logger.warning("queue unreachable, %s deliveries left for the sweep: %s", len(rest), exc)
            batches = batches[:index]
            break
    return [pk for _task, ids in batches for pk in ids]


def queue_rows(rows: list[tuple[int, str, int | None]]) -> None:
    """Hand deliveries written together, as (id, channel, endpoint id), to the worker in few messages.

    Up to ``FAN_OUT`` send tasks (a filed case's e-mails and webhooks) are published at once; more (a sweep's batch)
    go as ONE ``hand_out`` task that publishes them from the worker, so the caller pays one publish.
    """
    batches = _batches(rows)
    if len(batches) <= FAN_OUT:
        queued = _publish(batches)
    else:
        ids = [pk for pk, _channel, _endpoint in rows]
        queued = ids
        try:
            hand_out.delay(ids)
        except Exception as exc:  # noqa: BLE001 - the rows stay queued; send_due_deliveries picks them up
            logger.warning("queue unreachable, %s deliveries left for the sweep: %s", len(ids), exc)
            queued = []
    if queued:
        Delivery.objects.filter(pk__in=queued, handed_out_at__isnull=True).update(handed_out_at=timezone.now())


@shared_task(name="notices.hand_out", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def hand_out(delivery_ids: list[int]) -> int:
    """Publish the send tasks of a batch's deliveries that are still to send; return how many were handed out."""
    rows = list(
        Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", "channel", "endpoint_id")
    )
    queued = _publish(_batches(rows))
    missed = {pk for pk, _channel, _endpoint in rows} - set(queued)
    if missed:
        Delivery.objects.filter(pk__in=missed, status=Delivery.Status.QUEUED).update(handed_out_at=None)
    return len(queued)


def _dispatch(rows: list[tuple[int, str]]) -> int:
    """Queue a task per delivery; if the broker fails, leave the rest for the sweep; return how many were queued."""
    for index, (delivery_id, channel) in enumerate(rows):
        try:
            task_for(channel).delay(delivery_id)
        except Exception as exc:  # noqa: BLE001 - the rows stay queued; send_due_deliveries picks them up
            rest = [pk for pk, _channel in rows[index:]]
            Delivery.objects.filter(pk__in=rest, status=Delivery.Status.QUEUED).update(handed_out_at=None)
            logger.warning("queue unreachable, %s deliveries left for the sweep: %s", len(rest), exc)
            return index
    return len(rows)


def deliveries_send_due() -> int:
    """Release stale claims, then hand every due delivery to the queue, batch after batch; return how many."""
    now = timezone.now()
    sending.deliveries_release_stale(now=now)
    total = 0
    while rows := sending.deliveries_hand_out(now=now):
        queued = _dispatch(rows)
        total += queued
        if queued < len(rows):
            break
    return total


def task_for(channel: str):
    """Return the task that sends a delivery of this channel (webhooks have their own queue)."""
    return deliver_webhook if channel == Delivery.Channel.WEBHOOK else deliver
