"""General bonds: a holder's bank guarantee for a year's trademark detention applications, and its history."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organization
from portal.audit import AuditRecord

GENERAL_BOND_MINIMUM = Decimal("200000.00")


class GeneralBondQuerySet(models.QuerySet):
    def covering(self, holder, day):
        """Confirmed bonds of the holder that cover detention applications made on ``day``: a date, or an expression of
        one (``portal.workdays.calendar.local_day_of``)."""
        year = day.year if isinstance(day, date) else ExtractYear(day)
        # The holder last: its parameter ends the statement's (``portal.compiled_rows`` fills a tail of parameters).
        return self.filter(status=GeneralBond.Status.CONFIRMED, valid_until__gte=day, year=year).filter(holder=holder)


class GeneralBond(models.Model):
    """A holder's bank guarantee covering its trademark detention applications of one calendar year."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    holder = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="general_bonds",
        limit_choices_to={"kind": Organization.Kind.HOLDER},
        verbose_name=_("holder"),
    )
    bank = models.CharField(_("guarantee bank"), max_length=200)
    reference = models.CharField(_("guarantee reference"), max_length=100)
    amount_cny = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)
    year = models.PositiveIntegerField(_("year covered"))
    covers_from = models.DateField(_("covers from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = GeneralBondQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("general bond")
        verbose_name_plural = _("general bonds")
        constraints = [
            models.CheckConstraint(condition=Q(amount_cny__gte=GENERAL_BOND_MINIMUM), name="general_bond_minimum"),
        ]

    def __str__(self):
        return f"{self.holder} {self.year} ({self.reference})"


class GeneralBondEvent(AuditRecord):
    """One state change of a general bond: who registered, confirmed or rejected it, and when."""

    bond = models.ForeignKey(GeneralBond, on_delete=models.PROTECT, related_name="events", verbose_name=_("bond"))

    class Meta(AuditRecord.Meta):
        verbose_name = _("general bond event")
        verbose_name_plural = _("general bond events")
