"""Where webhooks may be sent: public http(s) addresses only, checked at registration and at sending.

At registration the URL's form is checked; at sending its host name is resolved again and every
address it resolves to must be public, so a name that later points inside the network is refused.
``PORTAL_WEBHOOK_ALLOW_PRIVATE`` lifts the address rules for a closed test network.
"""

import ipaddress
import re
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

LOCAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".intranet", ".lan", ".home.arpa", ".corp")
NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$")


class UnsafeDestination(Exception):
    """The webhook's host is not (or no longer) a public address; the delivery fails for good."""


def literal_address(host: str):
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
    except (ValidationError, ValueError):
        return _("Enter a valid http(s) URL.")
    if parts.username or parts.password:
        return _("Leave credentials out of the URL; check the signature header instead.")
    if settings.PORTAL_WEBHOOK_ALLOW_PRIVATE:
        return ""
    host = (parts.hostname or "").rstrip(".").lower()
    address = literal_address(host)
    if address is not None:
        if not address.is_global:
            return _("The URL must reach a public address, not a private, loopback or reserved one.")
        return ""
    if host == "localhost" or host.endswith(LOCAL_SUFFIXES) or "." not in host:
        return _("The URL must name a public host, not a local one.")
    return ""


def check_destination(url: str) -> None:
    """Refuse, just before sending, a URL whose host resolves to any non-public address."""
    problem = webhook_url_problem(url)
    if problem:
        raise UnsafeDestination(str(problem))
    if settings.PORTAL_WEBHOOK_ALLOW_PRIVATE:
        return
    parts = urlsplit(url)
    try:
        answers = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {parts.hostname}: {exc}") from exc
    for *_rest, sockaddr in answers:
        address = ipaddress.ip_address(sockaddr[0])
        if not address.is_global:
            raise UnsafeDestination(f"{parts.hostname} resolves to the non-public address {address}")
