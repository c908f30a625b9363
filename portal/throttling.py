"""Rate limits, for the API and pages alike: keyed on the client's address, open while the cache is down.

Every rate limit of the portal is one of these classes; its rate is a scope of
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``. The counters live in the cache: when the cache cannot be
reached, requests are let through (a limit must not take the portal down with it) and one warning is
logged per outage.
"""

import hashlib
import logging

from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

from portal.net import client_ip

log = logging.getLogger(__name__)
CACHE_ERRORS = (RedisError, OSError)


class CacheOutage:
    """Whether this process last found the rate-limit cache unreachable (so an outage is logged once)."""

    down = False


class PortalRateThrottle(SimpleRateThrottle):
    """Count requests per client address under this class's ``scope``; fail open if the cache is down."""

    def get_ident(self, request) -> str:
        return client_ip(request)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view) -> bool:
        try:
            allowed = super().allow_request(request, view)
        except CACHE_ERRORS as exc:
            if not CacheOutage.down:
                CacheOutage.down = True
                log.warning("Rate limits are not enforced: the cache is unreachable (%s: %s)", type(exc).__name__, exc)
            return True
        if CacheOutage.down:
            CacheOutage.down = False
            log.warning("Rate limits are enforced again: the cache is reachable")
        return allowed


class TokenLoginThrottle(PortalRateThrottle):
    """API token requests (``POST /api/auth/token/``), per address."""

    scope = "login"


class PublicLookupThrottle(PortalRateThrottle):
    """The public recordal lookup, page and API together, per address."""

    scope = "public"


class PasswordResetThrottle(PortalRateThrottle):
    """Password-reset requests, per address."""

    scope = "password_reset"


class PasswordResetEmailThrottle(PortalRateThrottle):
    """Password-reset requests, per e-mail address asked for (whether or not an account has it)."""

    scope = "password_reset"

    def __init__(self, email: str):
        self.email = email.strip().lower()
        super().__init__()

    def get_ident(self, request) -> str:
        return "email-" + hashlib.sha256(self.email.encode()).hexdigest()


def page_wait(request, *throttles: PortalRateThrottle) -> int | None:
    """Count a page request against each throttle in turn; return seconds to wait if one refuses it."""
    for throttle in throttles:
        if not throttle.allow_request(request, None):
            return max(1, round(throttle.wait() or 1))
    return None


class ConsigneeLinkThrottle(PortalRateThrottle):
    """Pages and API answers opened through a consignee's link (no account), per address."""

    scope = "consignee"
