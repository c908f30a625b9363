"""The client's address, as far as the trusted proxies in front of the portal vouch for it."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """Return the address of the client that sent ``request``.

    With ``PORTAL_TRUSTED_PROXIES = n`` proxies in front, each appending the address it received the
    request from to ``X-Forwarded-For``, the client is the n-th entry from the right; anything further
    left was written by the client itself and is never trusted. With no proxy (the embedded default),
    or for a request that did not pass through all of them, the connection's own address is used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
