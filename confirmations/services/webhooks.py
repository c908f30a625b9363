"""Holders register the URLs of their own systems that receive signed notices."""

import ipaddress
import re
import socket
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from confirmations.services.common import FieldErrors
from portal.access import organization_of
from portal.accounts.models import Organization
from portal.notices.models import WebhookEndpoint

LOCAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".intranet", ".lan", ".home.arpa", ".corp")
NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$")


def _holder_of(user) -> Organization:
    org = organization_of(user)
    if org is None or org.kind != Organization.Kind.HOLDER:
        raise PermissionDenied(_("Only a rights holder's staff register webhooks."))
    return org


def _literal_address(host: str):
    """Return the IP address a host names literally (also in the short and numeric IPv4 forms), or None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if NUMERIC_HOST.match(host):
        try:
            return ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def webhook_url_problem(url: str) -> str:
    """Return why the portal refuses to post to this URL, or ''.

    Only public http(s) addresses are accepted: no credentials in the URL, no literal address
    that is private, loopback, link-local or reserved, and no local or single-label host name.
    """
    try:
        URLValidator(schemes=["https", "http"])(url)
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except (DjangoValidationError, ValueError):
        return _("Enter a valid http(s) URL.")
    if parts.username or parts.password:
        return _("Leave credentials out of the URL; check the signature header instead.")
    host = (parts.hostname or "").rstrip(".").lower()
    address = _literal_address(host)
    if address is not None:
        if not address.is_global:
            return _("The URL must reach a public address, not a private, loopback or reserved one.")
        return ""
    if host == "localhost" or host.endswith(LOCAL_SUFFIXES) or "." not in host:
        return _("The URL must name a public host, not a local one.")
    return ""


@transaction.atomic
def webhook_add(*, user, url: str) -> WebhookEndpoint:
    """Register a webhook URL for the user's holder; the secret is returned once, on this object."""
    holder = _holder_of(user)
    problem = webhook_url_problem(url)
    if problem:
        raise FieldErrors({"url": [problem]})
    return WebhookEndpoint.objects.create(organization=holder, url=url)


@transaction.atomic
def webhook_remove(*, user, endpoint_id: int) -> None:
    """Remove one of the holder's webhooks."""
    holder = _holder_of(user)
    deleted, _rows = WebhookEndpoint.objects.filter(pk=endpoint_id, organization=holder).delete()
    if not deleted:
        raise WebhookEndpoint.DoesNotExist
