"""Per-endpoint limits: at most a few attempts in flight, and a circuit breaker that pauses a failing receiver.

An endpoint never holds more than ``PORTAL_WEBHOOK_MAX_IN_FLIGHT`` worker slots at once: a receiver
that hangs can only slow itself, while the pool's other slots serve everyone else.

Closed: deliveries are sent. After ``PORTAL_WEBHOOK_BREAKER_FAILURES`` failures in a row the circuit
opens: the endpoint is paused for ``PORTAL_WEBHOOK_BREAKER_COOLDOWN`` seconds and its deliveries are
deferred (not attempted, not failed). When the pause is over the circuit is half-open: one delivery
takes the probe (which pauses the others for one claim window); its success closes the circuit, its
failure opens it again. Every change is one conditional UPDATE of the endpoint row.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case, F, Q, Value, When

from portal.notices.models import Delivery, WebhookEndpoint


def claim_window() -> timedelta:
    """Return how long a claimed delivery may take before it counts as abandoned: send timeout plus margin."""
    send_timeout = max(
        settings.PORTAL_WEBHOOK_CONNECT_TIMEOUT + settings.PORTAL_WEBHOOK_READ_TIMEOUT, settings.EMAIL_TIMEOUT or 0
    )
    return timedelta(seconds=send_timeout + settings.PORTAL_DELIVERY_CLAIM_MARGIN)


def endpoint_admit(*, endpoint_id: int, now: datetime) -> datetime | None:
    """Return None if a delivery to the endpoint may be attempted now, else the moment to try again.

    In the half-open state exactly one caller wins the probe: it moves the pause one claim window
    ahead, so every other caller sees an open circuit until the probe has answered.
    """
    paused_until = WebhookEndpoint.objects.filter(pk=endpoint_id).values_list("paused_until", flat=True).first()
    if paused_until is None:
        return None
    if paused_until > now:
        return paused_until
    probe_until = now + claim_window()
    won = WebhookEndpoint.objects.filter(pk=endpoint_id, paused_until=paused_until).update(paused_until=probe_until)
    return None if won else probe_until


def endpoint_record_success(*, endpoint_id: int) -> None:
    """Close the endpoint's circuit."""
    WebhookEndpoint.objects.filter(Q(failures_in_a_row__gt=0) | Q(paused_until__isnull=False), pk=endpoint_id).update(
        failures_in_a_row=0, paused_until=None
    )


def endpoint_record_failure(*, endpoint_id: int, now: datetime) -> None:
    """Count a failure; open the circuit when the count reaches the limit (or a probe failed)."""
    limit = settings.PORTAL_WEBHOOK_BREAKER_FAILURES
    reopen = now + timedelta(seconds=settings.PORTAL_WEBHOOK_BREAKER_COOLDOWN)
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        failures_in_a_row=F("failures_in_a_row") + 1,
        paused_until=Case(
            When(Q(failures_in_a_row__gte=limit - 1) | Q(paused_until__isnull=False), then=Value(reopen)),
            default=F("paused_until"),
        ),
    )


def endpoint_busy(*, delivery: Delivery, claimed_at: datetime) -> bool:
    """Return whether the delivery's endpoint already has its limit of attempts in flight claimed before this one."""
    earlier = Delivery.objects.filter(
        Q(claimed_at__lt=claimed_at) | Q(claimed_at=claimed_at, pk__lt=delivery.pk),
        endpoint_id=delivery.endpoint_id,
        status=Delivery.Status.SENDING,
        claimed_at__gt=claimed_at - claim_window(),
    )
    return earlier.count() >= settings.PORTAL_WEBHOOK_MAX_IN_FLIGHT
