"""Expiry reminders sent for a recordal's validity end date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordalReminder(models.Model):
    """An expiry reminder sent once for one validity end date: six months or one month before."""

    class Kind(models.TextChoices):
        SIX_MONTHS = "6m", _("Six months before expiry")
        ONE_MONTH = "1m", _("One month before expiry")

    recordal = models.ForeignKey(
        "recordals.Recordal", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recordal")
    )
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    valid_until = models.DateField(_("for validity ending"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(fields=["recordal", "kind", "valid_until"], name="recordal_reminder_once")
        ]

    def __str__(self):
        return f"{self.recordal_id} {self.kind} {self.valid_until}"
