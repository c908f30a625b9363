"""Sending notices: in-app rows at once, e-mails and webhooks as deliveries sent by the worker."""

import hashlib
import hmac
import json
import time
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.notices.destinations import UnsafeDestination, post_pinned
from portal.notices.models import Delivery, Notice, WebhookEndpoint

MAX_ATTEMPTS = 8


class WebhookRefused(Exception):
    """The receiving system answered with something other than 2xx."""


STALE_CLAIM = timedelta(minutes=10)


def render_message(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render a subject / text / HTML triplet in the given language."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        html = render_to_string(f"{template}_body.html", context)
    return subject, text, html


def notice_send(
    *,
    recipients: Iterable,
    kind: str,
    template: str,
    context: dict,
    link: str = "",
    webhook_organizations: Iterable = (),
    payload: dict | None = None,
) -> list[Delivery]:
    """Write in-app notices and e-mail/webhook deliveries; queue the deliveries on commit."""
    deliveries = []
    full_link = f"{settings.SITE_URL}{link}" if link.startswith("/") else link
    for user in {u.pk: u for u in recipients}.values():
        subject, text, html = render_message(
            template=template, context={**context, "recipient": user, "link": full_link}, language=user.language
        )
        Notice.objects.create(recipient=user, kind=kind, title=subject[:300], body=text, link=link)
        if user.email:
            deliveries.append(
                Delivery(
                    channel=Delivery.Channel.EMAIL,
                    kind=kind,
                    recipient=user,
                    subject=subject[:300],
                    text_body=text,
                    html_body=html,
                )
            )
    endpoints = WebhookEndpoint.objects.filter(
        organization__in=[org.pk for org in webhook_organizations], is_active=True
    )
    for endpoint in endpoints:
        deliveries.append(
            Delivery(
                channel=Delivery.Channel.WEBHOOK,
                kind=kind,
                endpoint=endpoint,
                payload={"event": kind, "link": full_link, **(payload or {})},
            )
        )
    created = Delivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in created]
    transaction.on_commit(lambda: queue_deliveries(ids))
    return created


def queue_deliveries(ids: list[int]) -> None:
    """Hand deliveries to the worker; a broker that is down leaves them for the periodic sweep."""
    from portal.notices.tasks import deliver

    for delivery_id in ids:
        try:
            deliver.delay(delivery_id)
        except Exception:  # noqa: BLE001 - the row stays queued; send_due_deliveries picks it up
            return


def sign_webhook(*, secret: str, timestamp: str, body: bytes) -> str:
    """Return the hex HMAC-SHA256 of ``timestamp.body`` under the endpoint's secret."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _send_email(delivery: Delivery) -> None:
    message = EmailMultiAlternatives(subject=delivery.subject, body=delivery.text_body, to=[delivery.recipient.email])
    if delivery.html_body:
        message.attach_alternative(delivery.html_body, "text/html")
    message.send()


def _send_webhook(delivery: Delivery) -> None:
    body = json.dumps({"delivery": delivery.pk, **delivery.payload}, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "customs-ipr-portal",
        "X-Portal-Event": delivery.kind,
        "X-Portal-Delivery": str(delivery.pk),
        "X-Portal-Timestamp": timestamp,
        "X-Portal-Signature": "sha256=" + sign_webhook(secret=delivery.endpoint.secret, timestamp=timestamp, body=body),
    }
    status = post_pinned(delivery.endpoint.url, body=body, headers=headers, timeout=10)
    if not 200 <= status < 300:
        raise WebhookRefused(f"HTTP {status}: not a 2xx answer (redirects are not followed)")


def backoff(attempts: int) -> timedelta:
    """Return the wait before the next attempt: 30 s, 1 min, 2 min ... capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def delivery_attempt(*, delivery_id: int) -> str:
    """Claim a due delivery and send it once; return the resulting status, or '' if not claimed."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=delivery_id,
        status=Delivery.Status.QUEUED,
    ).update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return ""
    delivery = Delivery.objects.select_related("recipient", "endpoint").get(pk=delivery_id)
    try:
        if delivery.channel == Delivery.Channel.EMAIL:
            _send_email(delivery)
        else:
            _send_webhook(delivery)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        final = delivery.attempts >= MAX_ATTEMPTS or isinstance(exc, UnsafeDestination)
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.FAILED if final else Delivery.Status.QUEUED,
            next_attempt_at=None if final else timezone.now() + backoff(delivery.attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return Delivery.Status.FAILED if final else Delivery.Status.QUEUED
    Delivery.objects.filter(pk=delivery_id).update(status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")
    return Delivery.Status.SENT


def due_delivery_ids(*, now=None, limit: int = 500) -> list[int]:
    """Return queued deliveries that are due, after releasing claims a dead worker left behind."""
    now = now or timezone.now()
    Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Delivery.Status.QUEUED, next_attempt_at=now
    )
    return list(
        Delivery.objects.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), status="queued")
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def notices_mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices (all, or the given ones) as read; return how many changed."""
    notices = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    return notices.update(read_at=timezone.now())
