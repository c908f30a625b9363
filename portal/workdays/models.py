"""Administrator-entered days of China's official calendar, overriding the packaged data."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One official holiday or make-up working day, as published by the State Council."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (day off, even on a weekday)")
        WORKDAY = "workday", _("Working day (make-up day, even on a weekend)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("For example: Spring Festival"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["holiday", "workday"]), name="workdays_calendarday_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.date.isoformat()} {self.get_kind_display()}"

    def is_working_day(self) -> bool:
        """Return whether this entry makes its date a working day."""
        return self.kind == self.Kind.WORKDAY
