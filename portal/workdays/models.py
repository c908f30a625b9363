"""Administrator-entered days of China's official calendar, overriding the packaged data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.audit import AuditRecord


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


class CalendarYear(models.Model):
    """A calendar year whose official schedule an administrator has entered and marked as published.

    A year the ``chinesecalendar`` package does not know stays provisional (an estimate) until its
    row here has ``published_at`` set, however many of its days the table holds.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1900, year__lte=2200), name="workdays_calendaryear_in_range"),
        ]

    def __str__(self):
        return str(self.year)

    def is_published(self) -> bool:
        """Return whether the State Council's schedule for this year is entered in full."""
        return self.published_at is not None


class CalendarEvent(AuditRecord):
    """One change of the working-day calendar: a day entered, changed or removed, a file imported, a year
    published or made provisional. Its subject is the year (and the day), which outlive any row."""

    ACTION_LABELS = {
        "day_added": _("Day entered"),
        "day_changed": _("Day changed"),
        "day_deleted": _("Day removed (the packaged calendar applies)"),
        "imported": _("Calendar file imported"),
        "published": _("Year marked as published"),
        "unpublished": _("Year marked as provisional again"),
    }

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    day = models.DateField(_("date"), null=True, blank=True)

    class Meta(AuditRecord.Meta):
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
