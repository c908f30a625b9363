"""Holders register the URLs of their own systems that receive signed notices; each change is recorded.

A removed endpoint is kept (switched off, marked removed) with every delivery and attempt made to it:
those are the evidence of what was sent. Deliveries still waiting are closed as failed, never sent.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.access import holder_of
from portal.accounts.models import Organization
from portal.audit import audit_write
from portal.errors import Conflict, FieldErrors
from portal.notices.destinations import webhook_url_problem
from portal.notices.models import Delivery, WebhookEndpoint, WebhookEndpointEvent

REMOVED_ERROR = "The webhook was removed before this was sent."


def _holder_of(user) -> Organization:
    holder = holder_of(user)
    if holder is None:
        raise PermissionDenied(_("Only a rights holder's staff register webhooks."))
    return holder


def webhooks_of(user):
    """Return the registered (not removed) webhooks of the user's holder, or none."""
    org = holder_of(user)
    if org is None:
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.registered().filter(organization=org).order_by("pk")


def webhook_events_of(user):
    """Return the history of every webhook the user's holder registered, removed ones included, newest first."""
    org = holder_of(user)
    if org is None:
        return WebhookEndpointEvent.objects.none()
    return (
        WebhookEndpointEvent.objects.filter(endpoint__organization=org)
        .select_related("endpoint", "actor")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def webhook_add(*, user, url: str, language: str = "") -> WebhookEndpoint:
    """Register a webhook URL for the user's holder (once); the secret is returned once, on this object.

    Its texts are sent in ``language`` (the site's default language when empty).
    """
    holder = _holder_of(user)
    problem = webhook_url_problem(url)
    if problem:
        raise FieldErrors({"url": [problem]})
    language = language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        raise FieldErrors({"language": [_("Choose one of the portal's languages.")]})
    Organization.objects.select_for_update().get(pk=holder.pk)
    if WebhookEndpoint.objects.registered().filter(organization=holder, url=url, is_active=True).exists():
        raise Conflict(_("This URL is already registered as a webhook."))
    endpoint = WebhookEndpoint.objects.create(organization=holder, url=url, language=language)
    audit_write(
        WebhookEndpointEvent,
        actor=user,
        action="added",
        to_status=endpoint.state(),
        data={"url": url},
        endpoint=endpoint,
    )
    return endpoint


@transaction.atomic
def webhook_remove(*, user, endpoint_id: int) -> None:
    """Remove one of the holder's webhooks: nothing more is sent to it; what was sent is kept."""
    holder = _holder_of(user)
    endpoint = (
        WebhookEndpoint.objects.registered().select_for_update().filter(pk=endpoint_id, organization=holder).first()
    )
    if endpoint is None:
        raise WebhookEndpoint.DoesNotExist
    old = endpoint.state()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(removed_at=timezone.now(), is_active=False)
    unsent = Delivery.objects.filter(endpoint=endpoint, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.FAILED, next_attempt_at=None, last_error=REMOVED_ERROR
    )
    audit_write(
        WebhookEndpointEvent,
        actor=user,
        action="removed",
        from_status=old,
        to_status="removed",
        data={"url": endpoint.url, "unsent": unsent},
        endpoint=endpoint,
    )
