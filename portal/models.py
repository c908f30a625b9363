"""The portal's own records: worker heartbeats and the answers kept for idempotent requests."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last moment a Celery worker ran the periodic heartbeat task; one row per worker name."""

    name = models.CharField(_("worker"), max_length=200, unique=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class IdempotencyKey(models.Model):
    """The first answer to a request sent with an ``Idempotency-Key``, replayed to the same user's retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys")
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
