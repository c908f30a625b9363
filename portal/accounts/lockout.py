"""The log-in lock: django-axes's per username-and-address limit, plus a higher limit per username."""

from axes.attempts import get_cool_off_threshold
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Sum


class PortalAxesHandler(AxesDatabaseHandler):
    """Lock a username+address pair after ``AXES_FAILURE_LIMIT`` failures, and a username from every
    address once its failures from all addresses reach ``AXES_USERNAME_FAILURE_LIMIT``.

    Axes compares one failure count with one limit; a username past its own limit counts as having
    reached the pair limit, so axes's lock-out response, signal and cool-off apply unchanged.
    """

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if self.username_failures(request, credentials) >= settings.AXES_USERNAME_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def username_failures(self, request, credentials=None) -> int:
        """Count the failed log-ins for this username from every address within the cool-off time."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        attempts = AccessAttempt.objects.filter(username=username)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
