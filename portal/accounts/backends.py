"""The signed-in user read with its membership, organization and district in one query.

Every page asks the user's role (``User.membership``); read with the user, it costs no query of its own. The
session's user and the API token's are read this way, each by SQL compiled once (``portal.compiled_rows``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from portal.compiled_rows import instances_compiled_once

# The user's membership, its organization and that organization's district, selected with the user.
MEMBER_JOINS = "membership_row__organization__district"


def membership_known(user) -> None:
    """Keep on the user the membership read with it, as ``User.membership`` finds it: None unless its
    organization is active."""
    membership = getattr(user, "membership_row", None)  # selected with the user: no query, None when it has none
    user._membership_cache = membership if membership is not None and membership.organization.is_active else None


def read_with_membership(queryset, key, value, *, path: str = "") -> list:
    """Return the rows of ``queryset`` whose ``key`` is ``value``, each with the user at ``path`` (``""``: the rows
    are users) read with its membership (see ``membership_known``); the SQL is compiled once per queryset's model."""
    model = queryset.model
    using = router.db_for_read(model)
    joins = f"{path}__{MEMBER_JOINS}" if path else MEMBER_JOINS
    found = instances_compiled_once(
        lambda instants: queryset.select_related(joins).filter(**{key: value}).order_by(),
        ("with membership", model._meta.label, key),
        instants=[],
        tail=[value],
        using=using,
    )
    for row in found:
        membership_known(getattr(row, path) if path else row)
    return found


class MembershipBackend(ModelBackend):
    """Django's log-in by user name and password; the session's user read with its membership in one query, the one
    that read the session (``portal.session_store``) where it did."""

    def get_user(self, user_id):
        user_model = get_user_model()
        field = user_model._meta.pk
        try:
            pk = field.to_python(user_id)
        except ValidationError:
            return None
        low, high = connections[router.db_for_read(user_model)].ops.integer_field_range(field.get_internal_type())
        if not isinstance(pk, int) or (low is not None and not low <= pk <= high):
            return None
        from portal.session_store import user_read_with

        user = user_read_with(pk)
        if user is None:
            found = read_with_membership(user_model._default_manager.all(), "pk", pk)
            user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
