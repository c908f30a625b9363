"""Sending deliveries: claim one, attempt it once, record the attempt; give back stale claims; hand out due rows.

The tasks call these; nothing here queues a task (``portal.notices.tasks`` does), so the import graph is one way:
services → tasks → sending.
"""

import hashlib
import hmac
import logging
import random
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.notices.breaker import (
    claim_window,
    endpoint_admit,
    endpoint_busy,
    endpoint_record_failure,
    endpoint_record_success,
)
from portal.notices.destinations import OutcomeUnknown, UnsafeDestination, post_pinned
from portal.notices.models import Delivery, DeliveryAttempt
from portal.notices.rendering import webhook_body

MAX_ATTEMPTS = 8
HAND_OUT_BATCH = 500
DEFERRED = "deferred"
BUSY = "busy"
BUSY_WAIT = 1.0
logger = logging.getLogger(__name__)


class WebhookRefused(Exception):
    """The receiving system answered with something other than 2xx (the status is the argument)."""


def sign_webhook(*, secret: str, timestamp: str, body: bytes) -> str:
    """Return the hex HMAC-SHA256 of ``timestamp.body`` under the endpoint's secret."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _send_email(delivery: Delivery) -> None:
    message = EmailMultiAlternatives(subject=delivery.subject, body=delivery.text_body, to=[delivery.recipient.email])
    if delivery.html_body:
        message.attach_alternative(delivery.html_body, "text/html")
    message.send()


def _webhook_body(delivery: Delivery) -> bytes:
    """Return the body to send: rendered (in the endpoint's language) and stored at the first attempt, then the same."""
    if not delivery.body:
        delivery.body = webhook_body(delivery)
        Delivery.objects.filter(pk=delivery.pk).update(body=delivery.body)
    return delivery.body.encode()


def _send_webhook(delivery: Delivery) -> int:
    body = _webhook_body(delivery)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "customs-ipr-portal",
        "X-Portal-Event": delivery.kind,
        "X-Portal-Delivery": str(delivery.pk),
        "X-Portal-Timestamp": timestamp,
        "X-Portal-Signature": "sha256=" + sign_webhook(secret=delivery.endpoint.secret, timestamp=timestamp, body=body),
    }
    status = post_pinned(
        delivery.endpoint.url,
        body=body,
        headers=headers,
        connect_timeout=settings.PORTAL_WEBHOOK_CONNECT_TIMEOUT,
        read_timeout=settings.PORTAL_WEBHOOK_READ_TIMEOUT,
    )
    if not 200 <= status < 300:
        raise WebhookRefused(status)
    return status


def backoff(attempts: int) -> timedelta:
    """Return the wait before the next attempt: 30 s, 1 min, 2 min ... capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _claim(delivery_id: int, now) -> bool:
    return bool(
        Delivery.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            pk=delivery_id,
            status=Delivery.Status.QUEUED,
        ).update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


def _defer(delivery: Delivery, *, claimed_at, until, busy: bool) -> str:
    """Give a claimed webhook back untried: its endpoint is paused (the sweep sends it) or busy (re-queued soon)."""
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING, claimed_at=claimed_at).update(
        status=Delivery.Status.QUEUED,
        attempts=F("attempts") - 1,
        next_attempt_at=until,
        handed_out_at=until if busy else None,
    )
    reason = "has its limit of attempts in flight" if busy else "is paused"
    logger.info("delivery %s deferred until %s: endpoint %s %s", delivery.pk, until, delivery.endpoint_id, reason)
    return BUSY if busy else DEFERRED


def delivery_attempt(*, delivery_id: int) -> str:
    """Claim a due delivery and send it once; return the resulting status, '' if not claimed.

    Every attempt is a ``DeliveryAttempt`` row and one log line. A webhook whose endpoint's circuit
    is open is given back untried (``DEFERRED``), as is one whose endpoint already has its limit of
    attempts in flight (``BUSY``, re-queued a second later); a webhook that timed out after it was sent is
    recorded as "outcome unknown" and retried under the same delivery id.
    """
    claimed_at = timezone.now()
    if not _claim(delivery_id, claimed_at):
        return ""
    delivery = Delivery.objects.select_related("recipient", "endpoint__organization").get(pk=delivery_id)
    webhook = delivery.channel == Delivery.Channel.WEBHOOK
    if webhook:
        until = endpoint_admit(endpoint_id=delivery.endpoint_id, now=claimed_at)
        if until is not None:
            return _defer(delivery, claimed_at=claimed_at, until=until, busy=False)
        if endpoint_busy(delivery=delivery, claimed_at=claimed_at):
            wait = timedelta(seconds=BUSY_WAIT * random.uniform(0.5, 1.5))  # noqa: S311 - spreading retries
            return _defer(delivery, claimed_at=claimed_at, until=claimed_at + wait, busy=True)
    attempt = DeliveryAttempt.objects.create(delivery=delivery, number=delivery.attempts, started_at=claimed_at)
    status_code = None
    try:
        if webhook:
            status_code = _send_webhook(delivery)
        else:
            _send_email(delivery)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded: a row, a log line, the delivery's error
        return _record_failure(delivery, attempt, exc, claimed_at=claimed_at)
    finished = timezone.now()
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(
        finished_at=finished, outcome=DeliveryAttempt.Outcome.SENT, status_code=status_code
    )
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.SENDING, claimed_at=claimed_at).update(
        status=Delivery.Status.SENT, sent_at=finished
    )
    if webhook:
        endpoint_record_success(endpoint_id=delivery.endpoint_id)
    logger.info("delivery %s %s attempt %s sent", delivery.pk, delivery.channel, attempt.number)
    return Delivery.Status.SENT


def _record_failure(delivery: Delivery, attempt: DeliveryAttempt, exc: Exception, *, claimed_at) -> str:
    now = timezone.now()
    unknown = isinstance(exc, OutcomeUnknown | SoftTimeLimitExceeded)
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if isinstance(exc, WebhookRefused):
        error = f"HTTP {exc.args[0]}: not a 2xx answer (redirects are not followed)"
    final = delivery.attempts >= MAX_ATTEMPTS or isinstance(exc, UnsafeDestination)
    next_attempt = None if final else now + backoff(delivery.attempts)
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(
        finished_at=now,
        outcome=DeliveryAttempt.Outcome.UNKNOWN if unknown else DeliveryAttempt.Outcome.FAILED,
        status_code=exc.args[0] if isinstance(exc, WebhookRefused) else None,
        error=error,
    )
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING, claimed_at=claimed_at).update(
        status=Delivery.Status.FAILED if final else Delivery.Status.QUEUED,
        next_attempt_at=next_attempt,
        handed_out_at=next_attempt,
        last_error=error,
    )
    if delivery.channel == Delivery.Channel.WEBHOOK:
        endpoint_record_failure(endpoint_id=delivery.endpoint_id, now=now)
    logger.warning(
        "delivery %s %s attempt %s %s: %s; %s",
        delivery.pk,
        delivery.channel,
        attempt.number,
        "outcome unknown" if unknown else "failed",
        " ".join(error.split()),
        "no further attempt" if final else f"next attempt at {next_attempt:%Y-%m-%d %H:%M:%S%z}",
    )
    return Delivery.Status.FAILED if final else Delivery.Status.QUEUED


def deliveries_release_stale(*, now) -> int:
    """Give back the claims of workers that died mid-send (older than the claim window); return how many."""
    stale = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - claim_window())
    error = "The worker stopped during the attempt; outcome unknown."
    with transaction.atomic():
        claims = list(stale.select_for_update(skip_locked=True).values_list("pk", "attempts", "claimed_at"))
        ids = [pk for pk, _attempts, _claimed_at in claims]
        DeliveryAttempt.objects.filter(delivery__in=ids, finished_at__isnull=True).update(
            finished_at=now, outcome=DeliveryAttempt.Outcome.UNKNOWN, error=error
        )
        # A worker killed between its claim and the attempt's row left no row: record the lost claim too.
        recorded = set(
            DeliveryAttempt.objects.filter(delivery__in=ids, finished_at=now).values_list("delivery_id", flat=True)
        )
        DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(
                delivery_id=pk,
                number=attempts,
                started_at=claimed_at,
                finished_at=now,
                outcome=DeliveryAttempt.Outcome.UNKNOWN,
                error=error,
            )
            for pk, attempts, claimed_at in claims
            if pk not in recorded
        )
        released = Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.QUEUED, next_attempt_at=now, handed_out_at=None, last_error=error
        )
    for delivery_id in ids:
        logger.warning("delivery %s: %s Released for another attempt.", delivery_id, error)
    return released


def _due(now):
    requeue = timedelta(seconds=settings.PORTAL_DELIVERY_REQUEUE_AFTER)
    return Delivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        Q(handed_out_at__isnull=True) | Q(handed_out_at__lt=now - requeue),
        status=Delivery.Status.QUEUED,
    )


def deliveries_hand_out(*, now=None, batch: int = HAND_OUT_BATCH) -> list[tuple[int, str]]:
    """Mark the next batch of due deliveries as handed to the queue; return their ids and channels.

    Rows locked by a concurrent sweep are skipped, so overlapping sweeps hand out each row once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            _due(now)
            .order_by("created_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", "channel")[:batch]
        )
        Delivery.objects.filter(pk__in=[pk for pk, _channel in rows]).update(handed_out_at=now)
    return rows
