"""Published penalty decisions: what customs decided against a trader in a confirmed case, for anyone to read."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.audit import AuditRecord
from recordals.models import Recordal, RightType


class PenaltyDecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PenaltyDecision.Status.PUBLISHED)


class PenaltyDecision(models.Model):
    """A penalty decision of a confirmed case: drafted, reviewed by a second administrator, published, withdrawn.

    Only the fields below are ever published; the case is the link to the evidence, never shown to the public.
    Free texts come in English and Chinese; a reader sees its language, or the other when that one is empty.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The fields a reader of the public list sees (besides the right, taken from the recordal when drafted).
    PUBLIC_TEXTS = ("trader", "goods", "penalty")

    case = models.ForeignKey(
        "confirmations.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="penalty_decisions"
    )
    recordal = models.ForeignKey(
        Recordal, verbose_name=_("right infringed"), on_delete=models.PROTECT, related_name="penalty_decisions"
    )
    number = models.CharField(_("decision number"), max_length=60, unique=True)
    decided_on = models.DateField(_("decision date"))
    trader_en = models.CharField(_("trader (English)"), max_length=300, blank=True)
    trader_zh = models.CharField(_("trader (Chinese)"), max_length=300, blank=True)
    goods_en = models.CharField(_("goods (English)"), max_length=500, blank=True)
    goods_zh = models.CharField(_("goods (Chinese)"), max_length=500, blank=True)
    penalty_en = models.TextField(_("penalty (English)"), blank=True)
    penalty_zh = models.TextField(_("penalty (Chinese)"), blank=True)
    right_type = models.CharField(_("right"), max_length=30, choices=RightType.choices)
    recordal_number = models.CharField(_("recordal number"), max_length=20)
    mark = models.CharField(_("mark or title"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("why withdrawn"), blank=True)

    objects = PenaltyDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("penalty decision")
        verbose_name_plural = _("penalty decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False, reviewed_by__isnull=False),
                name="penalty_published_is_reviewed",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""), name="penalty_withdrawn_has_reason"
            ),
            models.CheckConstraint(
                condition=(~Q(trader_en="") | ~Q(trader_zh=""))
                & (~Q(goods_en="") | ~Q(goods_zh=""))
                & (~Q(penalty_en="") | ~Q(penalty_zh="")),
                name="penalty_texts_in_one_language",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("confirmations:penalty-public-detail", args=[self.pk])

    def text(self, name: str, language: str | None = None) -> str:
        """Return a free text in the language (the reader's by default), or in the other when that one is empty."""
        chinese = (language or get_language() or "en").lower().startswith("zh")
        first, second = ("zh", "en") if chinese else ("en", "zh")
        return getattr(self, f"{name}_{first}") or getattr(self, f"{name}_{second}")

    @property
    def trader(self) -> str:
        return self.text("trader")

    @property
    def goods(self) -> str:
        return self.text("goods")

    @property
    def penalty(self) -> str:
        return self.text("penalty")


class PenaltyDecisionEvent(AuditRecord):
    """One step in a penalty decision's life: drafted, revised, reviewed, published, withdrawn."""

    ACTION_LABELS = {
        "drafted": _("Drafted"),
        "revised": _("Revised"),
        "reviewed": _("Reviewed"),
        "published": _("Published"),
        "withdrawn": _("Withdrawn"),
    }

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.PROTECT, related_name="events", verbose_name=_("decision")
    )

    class Meta(AuditRecord.Meta):
        verbose_name = _("penalty decision event")
        verbose_name_plural = _("penalty decision events")
