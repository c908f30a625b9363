"""The other parties of a detained shipment: the consignee's (or consignor's) signed link, and what it submits."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def digest(secret: str) -> str:
    """Return the SHA-256 of a secret (a link's token, a device's secret): only this is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ConsigneeLink(models.Model):
    """A consignee's (or consignor's) link to its detained shipment, e-mailed with the written detention notice.

    The token is never stored, only its hash; the first device that opens the link binds it (the hash of
    that device's secret is kept). The link dies when the case closes, at ``expires_at``, or when revoked.
    """

    class Role(models.TextChoices):
        CONSIGNEE = "consignee", _("Consignee")
        CONSIGNOR = "consignor", _("Consignor")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        CHINESE = "zh-hans", _("Simplified Chinese")

    class Notice(models.TextChoices):
        WAITING = "waiting", _("Sent when goods are detained")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    case = models.ForeignKey(
        "confirmations.Case", on_delete=models.PROTECT, related_name="consignee_links", verbose_name=_("case")
    )
    holder = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("rights holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The link shows only this holder's detained goods; empty until goods are detained."),
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    name = models.CharField(_("name"), max_length=300)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=7, choices=Language.choices)
    salt = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    device_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("recorded"))
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    bound_at = models.DateTimeField(_("opened on a device"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    notice_status = models.CharField(_("written notice"), max_length=8, choices=Notice.choices, default=Notice.WAITING)
    notice_attempts = models.PositiveIntegerField(_("attempts"), default=0)
    notice_next_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    notice_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consignee link")
        verbose_name_plural = _("consignee links")
        indexes = [models.Index(fields=["notice_status", "notice_next_at"], name="consignee_notice_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_at__isnull=True) | Q(expires_at__isnull=False), name="consignee_issued_expires"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.name} (case {self.case_id})"

    def state(self, now=None) -> str:
        """Return where the link stands: revoked, expired, waiting (no detention yet), opened, or sent."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.issued_at is None:
            return "waiting"
        if self.case.status == self.case.Status.CLOSED or self.expires_at <= now:
            return "expired"
        return "opened" if self.bound_at is not None else "sent"

    STATE_LABELS = {
        "revoked": _("Revoked"),
        "waiting": _("Waiting for detention"),
        "expired": _("Expired"),
        "opened": _("Opened on a device"),
        "sent": _("Sent, not yet opened"),
    }

    def state_label(self, now=None) -> str:
        return self.STATE_LABELS[self.state(now)]


class ConsigneeSubmission(models.Model):
    """What the consignee sent through its link about one item: a written explanation or a counter-guarantee request."""

    class Kind(models.TextChoices):
        EXPLANATION = "explanation", _("Written explanation")
        COUNTER_GUARANTEE = "counter_guarantee", _("Request for release against a counter-guarantee")

    link = models.ForeignKey(
        ConsigneeLink, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("link")
    )
    item = models.ForeignKey(
        "confirmations.Item", on_delete=models.PROTECT, related_name="consignee_submissions", verbose_name=_("item")
    )
    kind = models.CharField(_("kind"), max_length=17, choices=Kind.choices)
    text = models.TextField(_("explanation"), blank=True)
    amount_cny = models.DecimalField(_("counter-guarantee (CNY)"), max_digits=16, decimal_places=2, null=True)
    created_at = models.DateTimeField(_("submitted"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("consignee submission")
        verbose_name_plural = _("consignee submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(kind="counter_guarantee"), name="one_counter_guarantee_request_per_item"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} (item {self.item_id})"


class ConsigneeDocument(models.Model):
    """A PDF or image attached to a consignee's written explanation, checked under the portal's upload rules."""

    submission = models.ForeignKey(
        ConsigneeSubmission, on_delete=models.PROTECT, related_name="documents", verbose_name=_("submission")
    )
    file = models.FileField(_("file"), max_length=300)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(max_length=50)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("consignee document")
        verbose_name_plural = _("consignee documents")

    def __str__(self):
        return self.original_name
