"""API token log-in that reads the user's membership in the same query as the token."""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import router
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from portal.accounts.models import CustomsDistrict, Membership, Organization
from portal.compiled_rows import rows_compiled_once

# The column paths of the rows read with the token, after the token's own.
PREFIXES = ("user__", "user__membership_row__", "user__membership_row__organization__",
            "user__membership_row__organization__district__")  # fmt: skip


@cache
def _parts(token_model) -> tuple:
    """Return (model, attribute names, column paths) of the token and of each row read with it."""
    models = (token_model, get_user_model(), Membership, Organization, CustomsDistrict)
    parts = []
    for model, prefix in zip(models, ("", *PREFIXES), strict=True):
        fields = model._meta.concrete_fields
        parts.append((model, [f.attname for f in fields], [prefix + f.name for f in fields]))
    return tuple(parts)


def _instances(parts: tuple, row: tuple, db: str) -> list:
    """Return the instances a joined row holds (None for a row the outer join did not find)."""
    found, start = [], 0
    for model, attnames, _paths in parts:
        values = row[start : start + len(attnames)]
        start += len(attnames)
        missing = values[attnames.index(model._meta.pk.attname)] is None
        found.append(None if missing else model.from_db(db, attnames, values))
    return found


class MemberTokenAuthentication(TokenAuthentication):
    """DRF's token log-in (``Authorization: Token <key>``), the user's organization joined to the token's row.

    Every API request asks the user's role; ``User.membership`` then answers from what this query read
    instead of a query of its own. The query's SQL is compiled once (``portal.compiled_rows``).
    """

    def authenticate_credentials(self, key):
        model = self.get_model()
        parts = _parts(model)
        using = router.db_for_read(model)
        columns = [path for part in parts for path in part[2]]
        build = lambda: model.objects.using(using).filter(key=key).values_list(*columns)  # noqa: E731
        found = rows_compiled_once(build, ("token", model._meta.label), tail=[key], using=using)
        if not found:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token, user, membership, organization, district = _instances(parts, found[0], using)
        model._meta.get_field("user").set_cached_value(token, user)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if membership is not None:
            Membership._meta.get_field("user").set_cached_value(membership, user)
            Membership._meta.get_field("organization").set_cached_value(membership, organization)
            Organization._meta.get_field("district").set_cached_value(organization, district)
        user._membership_cache = membership if membership and organization.is_active else None
        return (user, token)
