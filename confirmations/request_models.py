"""The holder's own initiatives: an application for detention of a shipment it knows about (Arts 12-15),
and tips, with no legal effect, about suspected shipments or traders."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organization
from portal.audit import AuditRecord
from portal.validators import validate_currency_code
from portal.workdays.calendar import deadline_display_date, format_deadline
from recordals.models import Recordal

OFFICES = {"kind": Organization.Kind.OFFICE}


class DetentionRequest(models.Model):
    """A holder's application to a customs office for the detention of a shipment it knows about."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting the office's review")
        ACCEPTED = "accepted", _("Accepted: awaiting the shipment")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn by the holder")
        DETAINED = "detained", _("Goods detained: awaiting a court's notice")
        RELEASED = "released", _("Goods released")
        COURT = "court_notice", _("Held under a court's assistance notice")
        EXPIRED = "expired", _("Expired: the shipment did not arrive")

    OPEN_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.DETAINED)

    holder = models.ForeignKey(
        Organization, verbose_name=_("rights holder"), on_delete=models.PROTECT, related_name="detention_requests"
    )
    recordal = models.ForeignKey(
        Recordal, on_delete=models.PROTECT, related_name="detention_requests", verbose_name=_("recordal")
    )
    office = models.ForeignKey(
        Organization,
        verbose_name=_("customs office"),
        on_delete=models.PROTECT,
        related_name="detention_requests_received",
        limit_choices_to=OFFICES,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.SUBMITTED)

    goods = models.CharField(_("goods"), max_length=500)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    consignor = models.CharField(_("consignor"), max_length=300, blank=True)
    consignee = models.CharField(_("consignee"), max_length=300, blank=True)
    waybill_number = models.CharField(_("waybill number"), max_length=100, blank=True)
    container_number = models.CharField(_("container number"), max_length=100, blank=True)
    declaration_number = models.CharField(_("declaration number"), max_length=100, blank=True)
    expected_port = models.CharField(_("expected port"), max_length=200)
    expected_from = models.DateField(_("expected from"))
    expected_until = models.DateField(_("expected until"))
    evidence_summary = models.TextField(_("why the goods infringe"))

    value = models.DecimalField(_("goods value"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="CNY", validators=[validate_currency_code])
    exchange_rate = models.DecimalField(_("rate to CNY"), max_digits=14, decimal_places=6, default=Decimal(1))
    value_cny = models.DecimalField(_("goods value (CNY)"), max_digits=16, decimal_places=2)
    bond_amount_cny = models.DecimalField(_("bond (CNY)"), max_digits=16, decimal_places=2)
    bond_received_at = models.DateTimeField(_("bond received"), null=True, blank=True)
    bond_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bond received by"),
    )

    submitted_at = models.DateTimeField(_("submitted"), db_index=True)
    review_due = models.DateTimeField(_("review due"))
    decided_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    refusal_reason = models.TextField(_("why refused"), blank=True)
    item = models.OneToOneField(
        "confirmations.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detention_request",
        verbose_name=_("item"),
    )
    detained_at = models.DateTimeField(_("detained"), null=True, blank=True)
    court_notice_due = models.DateTimeField(_("court's notice due"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("expires unless the shipment arrives"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.TextField(_("reason"), blank=True)
    sweep_claim = models.CharField(max_length=32, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("application for detention of a known shipment")
        verbose_name_plural = _("applications for detention of known shipments")
        indexes = [
            models.Index(fields=["office", "status", "expected_from"], name="dreq_office_queue_idx"),
            models.Index(fields=["status", "court_notice_due"], name="dreq_status_due_idx"),
            models.Index(fields=["status", "expires_at"], name="dreq_status_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(bond_amount_cny=models.F("value_cny")), name="dreq_bond_equals_value"),
            models.CheckConstraint(condition=Q(expected_until__gte=models.F("expected_from")), name="dreq_window"),
            models.CheckConstraint(
                condition=~Q(status="detained") | Q(item__isnull=False, court_notice_due__isnull=False),
                name="dreq_detained_has_item",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("confirmations:request-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The reference quoted when lodging the bond and in correspondence: DR-<id>."""
        return f"DR-{self.pk}"

    def bond_lodged(self) -> bool:
        return self.bond_received_at is not None

    def review_due_label(self) -> str:
        return format_deadline(self.review_due)

    def court_notice_due_date(self):
        return deadline_display_date(self.court_notice_due) if self.court_notice_due else None

    def court_notice_due_label(self) -> str:
        return format_deadline(self.court_notice_due) if self.court_notice_due else ""

    def expires_at_label(self) -> str:
        return format_deadline(self.expires_at) if self.expires_at else ""

    def bond_to_return(self) -> bool:
        """Return whether the lodged bond goes back to the holder: nothing was detained on it.

        That is an application that expired (the shipment never came) or was withdrawn before any goods were
        detained. Once goods were detained the bond stays with the office against storage costs and claims.
        """
        if not self.bond_lodged() or self.item_id is not None:
            return False
        return self.status in (self.Status.EXPIRED, self.Status.WITHDRAWN)

    def awaiting(self) -> str:
        """Say what the request waits for next, in words for both sides."""
        S = self.Status
        if self.status == S.SUBMITTED:
            return _("The office's review, due by %(due)s.") % {"due": self.review_due_label()}
        if self.status == S.ACCEPTED and not self.bond_lodged():
            return _(
                "The bond of %(amount)s CNY: customs detains the goods only once it is lodged with the office."
            ) % {"amount": self.bond_amount_cny}
        if self.status == S.ACCEPTED:
            return _("The shipment: the office detains it when it arrives.")
        if self.status == S.DETAINED:
            return _("A court's assistance notice by %(due)s; without one the goods are released.") % {
                "due": self.court_notice_due_label()
            }
        return ""


class DetentionRequestFile(models.Model):
    """Evidence attached to a detention request: a PDF document or an image."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        IMAGE = "image", _("Image")

    request = models.ForeignKey(
        DetentionRequest, on_delete=models.PROTECT, related_name="files", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("file"), max_length=300)
    content_type = models.CharField(max_length=50)
    original_name = models.CharField(_("original file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("detention request evidence")
        verbose_name_plural = _("detention request evidence")

    def __str__(self):
        return self.original_name


class DetentionRequestEvent(AuditRecord):
    """One state change of a detention request."""

    ACTION_LABELS = {
        "submitted": _("Application submitted"),
        "evidence_added": _("Evidence added"),
        "accepted": _("Application accepted"),
        "refused": _("Application refused"),
        "withdrawn": _("Application withdrawn"),
        "bond_received": _("Bond received"),
        "detained": _("Shipment found and goods detained"),
        "released": _("Released: no court notice within 20 working days"),
        "court_notice": _("Court's assistance notice recorded"),
        "counter_guarantee": _("Released against the consignee's counter-guarantee"),
        "expired": _("Expired: the shipment did not arrive in time"),
        "due_moved": _("Date moved: the working-day calendar was corrected"),
    }

    request = models.ForeignKey(
        DetentionRequest, on_delete=models.PROTECT, related_name="events", verbose_name=_("request")
    )

    class Meta(AuditRecord.Meta):
        verbose_name = _("detention request event")
        verbose_name_plural = _("detention request events")


class Tip(models.Model):
    """A holder's tip to a customs office about a suspected shipment or trader: no legal effect, no bond."""

    class Status(models.TextChoices):
        NEW = "new", _("Not yet handled")
        USED = "used", _("Used: a case was filed")
        NOT_USED = "not_used", _("Not used")

    holder = models.ForeignKey(
        Organization, verbose_name=_("rights holder"), on_delete=models.PROTECT, related_name="tips"
    )
    recordal = models.ForeignKey(
        Recordal, on_delete=models.PROTECT, null=True, blank=True, related_name="tips", verbose_name=_("recordal")
    )
    office = models.ForeignKey(
        Organization,
        verbose_name=_("customs office"),
        on_delete=models.PROTECT,
        related_name="tips_received",
        limit_choices_to=OFFICES,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    subject = models.CharField(_("suspected shipment or trader"), max_length=500)
    identifiers = models.CharField(_("waybill, container or company numbers"), max_length=500, blank=True)
    expected_arrival = models.DateField(_("expected arrival"), null=True, blank=True)
    details = models.TextField(_("what you know"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.NEW)
    case = models.ForeignKey(
        "confirmations.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("case"),
    )
    outcome_note = models.TextField(_("office's note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("sent"), db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        indexes = [models.Index(fields=["office", "status", "expected_arrival"], name="tip_office_queue_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="used") | Q(case__isnull=False), name="tip_used_names_case"),
        ]

    def __str__(self):
        return f"T-{self.pk} {self.subject[:40]}"

    def get_absolute_url(self):
        return reverse("confirmations:tip-detail", args=[self.pk])


class TipEvent(AuditRecord):
    """One state change of a tip."""

    ACTION_LABELS = {
        "sent": _("Tip sent"),
        "used": _("Marked used: a case was filed"),
        "not_used": _("Marked not used"),
    }

    tip = models.ForeignKey(Tip, on_delete=models.PROTECT, related_name="events", verbose_name=_("tip"))

    class Meta(AuditRecord.Meta):
        verbose_name = _("tip event")
        verbose_name_plural = _("tip events")
