"""The portal's own records: worker starts and heartbeats, each periodic task's last successful run, and
the answers kept for idempotent requests."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """When a Celery worker last started and last ran the heartbeat task; one row per worker name.

    A heartbeat counts only when it is not older than the worker's current start, so a row left by
    an earlier run never makes a new run look healthy.
    """

    name = models.CharField(_("worker"), max_length=200, unique=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    beat_at = models.DateTimeField(_("last beat"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}" if self.beat_at else self.name


class PeriodicTaskRun(models.Model):
    """The last successful run of one periodic task, and the worker that ran it."""

    task = models.CharField(_("task"), max_length=200, unique=True)
    worker = models.CharField(_("worker"), max_length=200)
    finished_at = models.DateTimeField(_("last successful run"))

    class Meta:
        verbose_name = _("periodic task run")
        verbose_name_plural = _("periodic task runs")

    def __str__(self):
        return f"{self.task} at {self.finished_at:%Y-%m-%d %H:%M:%S}"


class IdempotencyKey(models.Model):
    """The first answer to a request sent with an ``Idempotency-Key``, replayed to the same user's retries."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=200)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status"))
    response = models.TextField(_("response body (JSON)"))
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self):
        return f"{self.key} ({self.user_id})"


class Session(AbstractBaseSession):
    """Django's database session with its signed-in user's id as a column: the session and its user (with its
    membership) are read by one statement on every signed-in request (``portal.session_store``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "portal_session"

    @classmethod
    def get_session_store_class(cls):
        from portal.session_store import SessionStore

        return SessionStore
