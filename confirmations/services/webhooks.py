"""Holders register the URLs of their own systems that receive signed notices."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.access import holder_of
from portal.accounts.models import Organization
from portal.errors import Conflict, FieldErrors
from portal.notices.destinations import webhook_url_problem
from portal.notices.models import WebhookEndpoint


def _holder_of(user) -> Organization:
    holder = holder_of(user)
    if holder is None:
        raise PermissionDenied(_("Only a rights holder's staff register webhooks."))
    return holder


@transaction.atomic
def webhook_add(*, user, url: str) -> WebhookEndpoint:
    """Register a webhook URL for the user's holder (once); the secret is returned once, on this object."""
    holder = _holder_of(user)
    problem = webhook_url_problem(url)
    if problem:
        raise FieldErrors({"url": [problem]})
    Organization.objects.select_for_update().get(pk=holder.pk)
    if WebhookEndpoint.objects.filter(organization=holder, url=url, is_active=True).exists():
        raise Conflict(_("This URL is already registered as a webhook."))
    return WebhookEndpoint.objects.create(organization=holder, url=url)


@transaction.atomic
def webhook_remove(*, user, endpoint_id: int) -> None:
    """Remove one of the holder's webhooks."""
    holder = _holder_of(user)
    deleted, _rows = WebhookEndpoint.objects.filter(pk=endpoint_id, organization=holder).delete()
    if not deleted:
        raise WebhookEndpoint.DoesNotExist
