"""API token log-in that reads the user's membership in the same query as the token."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class MemberTokenAuthentication(TokenAuthentication):
    """DRF's token log-in (``Authorization: Token <key>``), the user's organization joined to the token's row.

    Every API request asks the user's role; ``User.membership`` then answers from what this query read
    instead of a query of its own.
    """

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related(
                "user", "user__membership_row__organization", "user__membership_row__organization__district"
            ).get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        try:
            membership = user.membership_row
        except ObjectDoesNotExist:
            membership = None
        user._membership_cache = membership if membership and membership.organization.is_active else None
        return (user, token)
