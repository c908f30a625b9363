"""API endpoints of the portal itself: token login."""

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from portal.throttling import TokenLoginThrottle

LOCKED_MESSAGE = _("Too many failed log-ins: this account is locked for a while. Try again later.")


class ObtainTokenView(ObtainAuthToken):
    """Exchange ``username`` and ``password`` for an API token (``Authorization: Token <token>``)."""

    throttle_classes = [TokenLoginThrottle]

    def post(self, request, *args, **kwargs):
        credentials = {"username": request.data.get("username", "")}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return Response({"detail": LOCKED_MESSAGE}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        return super().post(request, *args, **kwargs)
