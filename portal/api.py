"""API endpoints of the portal itself: token login."""

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle


class ObtainTokenView(ObtainAuthToken):
    """Exchange ``username`` and ``password`` for an API token (``Authorization: Token <token>``)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"
