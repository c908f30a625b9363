"""The history of the stated exchange rates, which decide items' CNY values and so their bonds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import EDIT_LABELS, AuditRecord


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
