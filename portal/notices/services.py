"""Sending notices: in-app rows at once, e-mails and webhooks as deliveries sent by the worker."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.notices.models import Delivery, Notice, WebhookEndpoint
from portal.notices.params import encode
from portal.notices.rendering import Addressee, addressed, render_message, renders_once
from portal.notices.tasks import queue_rows


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

    Each message is rendered once per language (``portal.notices.rendering``), or once per recipient where its
    templates use the recipient for more than the greeting's name.
    """
    notices, deliveries, hooks = [], [], []
    for message in messages:
        full_link = f"{settings.SITE_URL}{message.link}" if message.link.startswith("/") else message.link
        context = {**message.context, "link": full_link}
        params = encode(context)
        recipients = {u.pk: u for u in message.recipients}.values()
        once = bool(recipients) and (not message.personal or renders_once(message.template))
        rendered = {}
        for user in recipients:
            key = user.language if once else user.pk
            if key not in rendered:
                rendered[key] = render_message(
                    template=message.template,
                    context={**context, "recipient": Addressee() if once else user},
                    language=user.language,
                )
            subject, text, html = addressed(rendered[key], user) if once else rendered[key]
            notices.append(
                Notice(
                    recipient=user,
                    kind=message.kind,
                    title=subject[:300],
                    body=text,
                    template=message.template,
                    params={**params, "recipient": encode(user)},
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
    rows = [(d.pk, d.channel, d.endpoint_id) for d in created]
    if rows:
        transaction.on_commit(lambda: queue_rows(rows))
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
