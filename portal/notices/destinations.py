"""Where webhooks may be sent: public http(s) addresses only, checked at registration and at sending.

At registration the URL's form is checked; at sending its host name is resolved again, every
address it resolves to must be public, and the connection goes to the address that was checked
(never following redirects), so a name that later points inside the network is refused.
``PORTAL_WEBHOOK_ALLOW_PRIVATE`` lifts the address rules for a closed test network.
"""

import http.client
import ipaddress
import re
import socket
import ssl
import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

LOCAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".intranet", ".lan", ".home.arpa", ".corp")
NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$")


class UnsafeDestination(Exception):
    """The webhook's host is not (or no longer) a public address; the delivery fails for good."""


class OutcomeUnknown(Exception):
    """The request went out but no answer came back in time: the receiver may or may not have it."""


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


def check_destination(url: str) -> str:
    """Resolve the URL's host just before sending and return the one address to connect to.

    Every address the name resolves to must be public; the caller connects to the returned
    address itself, so the name cannot be pointed elsewhere between the check and the request.
    """
    problem = webhook_url_problem(url)
    if problem:
        raise UnsafeDestination(str(problem))
    parts = urlsplit(url)
    try:
        answers = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {parts.hostname}: {exc}") from exc
    addresses = [ipaddress.ip_address(sockaddr[0]) for *_rest, sockaddr in answers]
    if not settings.PORTAL_WEBHOOK_ALLOW_PRIVATE:
        for address in addresses:
            if not address.is_global:
                raise UnsafeDestination(f"{parts.hostname} resolves to the non-public address {address}")
    return str(addresses[0])


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a checked address, whatever the host name resolves to later."""

    def __init__(self, host, *, address: str, read_timeout: float, **kwargs):
        super().__init__(host, **kwargs)
        self.address = address
        self.read_timeout = read_timeout

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock.settimeout(self.read_timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address; the certificate is still verified for the host name."""

    def __init__(self, host, *, address: str, read_timeout: float, **kwargs):
        super().__init__(host, context=ssl.create_default_context(), **kwargs)
        self.address = address
        self.read_timeout = read_timeout

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        self.sock.settimeout(self.read_timeout)


def post_pinned(url: str, *, body: bytes, headers: dict, connect_timeout: float, read_timeout: float) -> int:
    """POST to a checked destination without following redirects; return the HTTP status.

    A failure to connect is an ordinary error; once the request is on its way, a timeout or a
    broken connection raises ``OutcomeUnknown``, since the receiver may have the request. The whole
    exchange after connecting is cut at ``read_timeout``, however slowly the receiver trickles bytes.
    """
    address = check_destination(url)
    parts = urlsplit(url)
    connection_class = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, port=parts.port, timeout=connect_timeout, read_timeout=read_timeout, address=address
    )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.connect()
        watchdog = threading.Timer(read_timeout, _cut, (connection.sock,))
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.request("POST", path, body=body, headers=headers)
            return connection.getresponse().status
        except (OSError, http.client.HTTPException) as exc:
            raise OutcomeUnknown(f"no answer after the request was sent ({type(exc).__name__}: {exc})") from exc
        finally:
            watchdog.cancel()
    finally:
        connection.close()


def _cut(sock) -> None:
    """End a request that is still going at the read timeout, even if the receiver trickles bytes."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
