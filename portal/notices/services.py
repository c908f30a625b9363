"""Sending notices: in-app rows at once, e-mails and webhooks as deliveries sent by the worker."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.notices.models import Delivery, Notice, WebhookEndpoint
from portal.notices.params import encode
from portal.notices.rendering import render_message
from portal.notices.tasks import queue_deliveries


@dataclass(frozen=True)
class Message:
    """One notice to send: the same template to every recipient, and a webhook payload per organization."""

    recipients: Iterable
    kind: str
    template: str
    context: dict
    link: str = ""
    webhook_organizations: Iterable = ()
    payload: dict | None = None
    personal: bool = True


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
    message = Message(recipients, kind, template, context, link, tuple(webhook_organizations), payload)
    return notices_send_many(messages=[message])


def notices_send_many(*, messages: list[Message]) -> list[Delivery]:
    """Write the notices and deliveries of many messages in bulk (one insert each) and queue them once on commit.

    A message that is not ``personal`` (its templates do not name the recipient) is rendered once per language.
    """
    notices, deliveries, hooks = [], [], []
    for message in messages:
        full_link = f"{settings.SITE_URL}{message.link}" if message.link.startswith("/") else message.link
        rendered = {}
        for user in {u.pk: u for u in message.recipients}.values():
            key = user.pk if message.personal else user.language
            full_context = {**message.context, "recipient": user, "link": full_link}
            if key not in rendered:
                rendered[key] = render_message(template=message.template, context=full_context, language=user.language)
            subject, text, html = rendered[key]
            notices.append(
                Notice(
                    recipient=user,
                    kind=message.kind,
                    title=subject[:300],
                    body=text,
                    template=message.template,
                    params=encode(full_context),
                    link=message.link,
                )
            )
            if user.email:
                deliveries.append(
                    Delivery(
                        channel=Delivery.Channel.EMAIL,
                        kind=message.kind,
                        recipient=user,
                        subject=subject[:300],
                        text_body=text,
                        html_body=html,
                    )
                )
        hooks.extend((org.pk, message, full_link) for org in message.webhook_organizations)
    deliveries.extend(_webhook_deliveries(hooks))
    Notice.objects.bulk_create(notices)
    created = Delivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in created]
    if ids:
        transaction.on_commit(lambda: queue_deliveries(ids))
    return created


def _webhook_fields(message: Message, full_link: str) -> dict:
    """Return a webhook delivery's kind, machine-readable payload, and the template and parameters of its texts."""
    return {
        "kind": message.kind,
        "payload": {"event": message.kind, "link": full_link, **(message.payload or {})},
        "template": message.template,
        "params": encode({**message.context, "link": full_link}) if message.template else {},
    }


def _webhook_deliveries(hooks: list[tuple[int, Message, str]]) -> list[Delivery]:
    """Return one delivery per active endpoint of each hook's organization; its texts are rendered when sent."""
    if not hooks:
        return []
    endpoints = {}
    for endpoint in (
        WebhookEndpoint.objects.registered()
        .filter(organization__in={org for org, _message, _link in hooks}, is_active=True)
        .order_by("pk")
    ):
        endpoints.setdefault(endpoint.organization_id, []).append(endpoint)
    deliveries = []
    for org, message, full_link in hooks:
        if org in endpoints:
            fields = _webhook_fields(message, full_link)
            deliveries.extend(
                Delivery(channel=Delivery.Channel.WEBHOOK, endpoint=endpoint, **fields) for endpoint in endpoints[org]
            )
    return deliveries


def notices_mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices (all, or the given ones) as read; return how many changed."""
    notices = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    return notices.update(read_at=timezone.now())
