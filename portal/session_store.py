"""Django's database sessions, the session read by SQL compiled once (and prepared on PostgreSQL): every signed-in
request reads its session, and compiling that one-row query cost more than running it."""

from django.contrib.sessions.backends import db
from django.db import router
from django.utils import timezone

from portal.compiled_rows import instances_compiled_once


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        found = instances_compiled_once(
            lambda instants: model.objects.filter(expire_date__gt=instants[0]).filter(session_key=self.session_key),
            ("session", model._meta.label),
            instants=[timezone.now()],
            tail=[self.session_key],
            using=router.db_for_read(model),
        )
        if found:
            return found[0]
        self._session_key = None
        return None
