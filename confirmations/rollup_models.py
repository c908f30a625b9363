"""Rolled-up statistics beside ``DailyFigure``: the day's decision times as a histogram, and each brand's total."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyDecisions(models.Model):
    """How many decisions of a day's notices took a time in one histogram bucket, with the shortest and longest.

    The buckets (``confirmations.rollup.decision_bucket``) are 15 seconds wide under an hour, 5 minutes under a
    day and 30 minutes beyond; the shortest and longest time in each bucket make a percentile exact when its
    rank falls on them.
    """

    day = models.DateField(_("day"))
    bucket = models.IntegerField(_("bucket"))
    items = models.PositiveIntegerField(_("decisions"))
    shortest = models.FloatField(_("shortest (seconds)"))
    longest = models.FloatField(_("longest (seconds)"))

    class Meta:
        ordering = ["day", "bucket"]
        verbose_name = _("daily decision times")
        verbose_name_plural = _("daily decision times")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "bucket"], include=["items", "shortest", "longest"], name="one_decision_bucket_per_day"
            )
        ]

    def __str__(self):
        return f"{self.day} #{self.bucket}: {self.items}"


class MonthlyDecisions(models.Model):
    """A month's ``DailyDecisions`` summed by bucket, so that a year's decision times read a dozen months' rows."""

    month = models.DateField(_("month"))
    bucket = models.IntegerField(_("bucket"))
    items = models.PositiveIntegerField(_("decisions"))
    shortest = models.FloatField(_("shortest (seconds)"))
    longest = models.FloatField(_("longest (seconds)"))

    class Meta:
        ordering = ["month", "bucket"]
        verbose_name = _("monthly decision times")
        verbose_name_plural = _("monthly decision times")
        constraints = [models.UniqueConstraint(fields=["month", "bucket"], name="one_decision_bucket_per_month")]

    def __str__(self):
        return f"{self.month:%Y-%m} #{self.bucket}: {self.items}"


class BrandTotal(models.Model):
    """A brand's items over every rolled-up day: the bound that lets a period's top brands be read from a few."""

    brand = models.CharField(_("brand"), max_length=300, unique=True)
    items = models.PositiveIntegerField(_("items"))

    class Meta:
        ordering = ["-items", "brand"]
        verbose_name = _("brand total")
        verbose_name_plural = _("brand totals")
        indexes = [models.Index(models.F("items").desc(), "brand", name="brand_total_rank_idx")]

    def __str__(self):
        return f"{self.brand}: {self.items}"


class RollupVersion(models.Model):
    """The state of the rolled-up rows as a number every roll-up moves on, in the transaction that writes them: an
    answer computed from the rows is cached under it and can never outlive them.

    The last roll-up also records the case events it saw before reading the items: the newest one's id
    (``moved_through``) and how many from ``moved_since`` on (``moved_events``; none when it left out a rolled-up day
    they fell on), which tell the days moved since (``confirmations.rollup_moved``).
    """

    number = models.PositiveBigIntegerField(_("number"), default=0)
    moved_since = models.DateTimeField(_("events counted from"), null=True, blank=True)
    moved_through = models.PositiveBigIntegerField(_("newest event seen"), default=0)
    moved_events = models.PositiveBigIntegerField(_("events counted"), null=True, blank=True)

    class Meta:
        verbose_name = _("roll-up version")
        verbose_name_plural = _("roll-up versions")

    def __str__(self):
        return str(self.number)
