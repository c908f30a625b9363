"""The stated exchange rates, which decide items' CNY values and so their bonds, and their history."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.audit import EDIT_LABELS, AuditRecord
from portal.validators import validate_currency_code


class ExchangeRate(models.Model):
    """The stated rate at which values in a currency are converted to CNY from a date on."""

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency_code])
    rate_to_cny = models.DecimalField(_("CNY per unit"), max_digits=14, decimal_places=6)
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["currency", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="one_rate_per_currency_day"),
            models.CheckConstraint(condition=Q(rate_to_cny__gt=0), name="rate_positive"),
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.rate_to_cny} CNY ({self.valid_from})"


class ExchangeRateEvent(AuditRecord):
    """One rate stated, corrected or withdrawn (before it took effect): its currency and first day, old → new.

    Its subject is the currency and day, which outlive a withdrawn rate's row.
    """

    ACTION_LABELS = EDIT_LABELS

    currency = models.CharField(_("currency"), max_length=3)
    valid_from = models.DateField(_("valid from"))

    class Meta(AuditRecord.Meta):
        verbose_name = _("exchange rate event")
        verbose_name_plural = _("exchange rate events")
        indexes = [models.Index(fields=["currency", "valid_from"], name="rate_event_subject_idx")]
