"""Database sessions (``portal.models.Session``) that carry their signed-in user's id as a column, so that a request
reads its session and its user, with the user's membership, organization and district, in one statement compiled
once (and prepared on PostgreSQL): every signed-in request reads both.

The user read with the session is used by the log-in back end for that request only (``user_read_with``), and only
when it is the user the session names: Django's checks of the user (active, the session's password hash) apply to
it as to a user read on its own.
"""

from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.auth import get_user as django_get_user
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.backends import db
from django.db import router
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from portal.accounts.backends import MEMBER_JOINS, membership_known
from portal.compiled_rows import instances_compiled_once

# The session of the request whose user is being read (see ``SessionUserMiddleware``).
_READING = ContextVar("the session whose user is being read", default=None)


class SessionStore(db.SessionStore):
    # The user read with the session: None when the session names none or was not read.
    user_read = None

    @classmethod
    def get_model_class(cls):
        from portal.models import Session

        return Session

    def create_model_instance(self, data):
        """Return the session's row, with the id of the user it is signed in as (None when it is not)."""
        row = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        row.user_id = int(user_id) if isinstance(user_id, str | int) and str(user_id).isdigit() else None
        return row

    def _get_session_from_db(self):
        model = self.model
        found = instances_compiled_once(
            lambda instants: (
                model.objects.select_related(f"user__{MEMBER_JOINS}")
                .filter(expire_date__gt=instants[0])
                .filter(session_key=self.session_key)
            ),
            ("session", model._meta.label),
            instants=[timezone.now()],
            tail=[self.session_key],
            using=router.db_for_read(model),
        )
        if found:
            row = found[0]
            if row.user is not None:
                membership_known(row.user)
            self.user_read = row.user
            return row
        self._session_key = None
        return None


def user_read_with(user_id: int):
    """Return the user read with the session of the request whose user is being read, if it is ``user_id``."""
    session = _READING.get()
    user = getattr(session, "user_read", None)
    return user if user is not None and user.pk == user_id else None


def _get_user(request):
    """Django's ``auth.get_user``, the log-in back end offered the user read with the request's session."""
    if not hasattr(request, "_cached_user"):
        reading = _READING.set(request.session)
        try:
            request._cached_user = django_get_user(request)
        finally:
            _READING.reset(reading)
    return request._cached_user


class SessionUserMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware``, the session's user taken from the session's own read."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))
