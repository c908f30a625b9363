"""The detention after the holder's answer: the application and its bond, court notices, disposals,
and each customs office's instructions for lodging a bond."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organization
from portal.audit import EDIT_LABELS, AuditRecord
from portal.workdays.calendar import deadline_display_date, format_deadline


class DetentionApplication(models.Model):
    """A holder's "infringing" answers on the items of one shipment: one application, one bond."""

    class Status(models.TextChoices):
        AWAITING_BOND = "awaiting_bond", _("Awaiting the bond")
        SECURED = "secured", _("Bond secured")
        WITHDRAWN = "withdrawn", _("Withdrawn by the holder")
        LAPSED = "lapsed", _("Bond not provided in time")

    class Bond(models.TextChoices):
        GENERAL = "general", _("General bond")
        CASE = "case", _("Case bond")

    case = models.ForeignKey(
        "confirmations.Case", on_delete=models.PROTECT, related_name="applications", verbose_name=_("case")
    )
    holder = models.ForeignKey(
        Organization, verbose_name=_("rights holder"), on_delete=models.PROTECT, related_name="detention_applications"
    )
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.AWAITING_BOND)
    value_cny = models.DecimalField(_("goods value (CNY)"), max_digits=16, decimal_places=2)
    bond_kind = models.CharField(_("bond"), max_length=8, choices=Bond.choices)
    bond_amount_cny = models.DecimalField(_("bond (CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    general_bond = models.ForeignKey(
        "confirmations.GeneralBond",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("general bond"),
    )
    bond_due = models.DateTimeField(_("bond due"), db_index=True)
    bond_received_at = models.DateTimeField(_("bond received"), null=True, blank=True)
    bond_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bond received by"),
    )
    created_at = models.DateTimeField(_("applied"))
    closed_at = models.DateTimeField(_("withdrawn or lapsed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    close_reason = models.TextField(_("reason"), blank=True)
    sweep_claim = models.CharField(max_length=32, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("detention application")
        verbose_name_plural = _("detention applications")
        constraints = [
            models.UniqueConstraint(fields=["case", "holder"], name="one_application_per_holder_shipment"),
            models.CheckConstraint(
                condition=~Q(bond_kind="general") | Q(general_bond__isnull=False), name="application_general_named"
            ),
        ]
        indexes = [models.Index(fields=["status", "bond_due"], name="application_status_due_idx")]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """The reference a holder quotes when lodging the bond: DA-<case>-<application>."""
        return f"DA-{self.case_id}-{self.pk}"

    def bond_secured(self) -> bool:
        return self.status == self.Status.SECURED

    def bond_due_date(self):
        """Return the last day of the bond's deadline (stored as 00:00 of the next day)."""
        return deadline_display_date(self.bond_due)

    def bond_due_label(self) -> str:
        return format_deadline(self.bond_due)

    def instructions(self):
        """Return the case office's bond instructions, or None when the office has stated none.

        Select ``case__office__bond_instructions`` with the application to read them without a query.
        """
        try:
            return self.case.office.bond_instructions
        except BondInstructions.DoesNotExist:
            return None


class BondInstructions(models.Model):
    """How a bond is lodged with one customs office: payee, account, reference, guarantees, originals."""

    office = models.OneToOneField(
        Organization,
        verbose_name=_("customs office"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="bond_instructions",
        limit_choices_to={"kind": Organization.Kind.OFFICE},
    )
    payee = models.CharField(_("payee"), max_length=300)
    bank = models.CharField(_("bank"), max_length=300)
    account = models.CharField(_("bank account"), max_length=100)
    reference_format = models.CharField(
        _("payment reference"),
        max_length=200,
        default="{reference}",
        help_text=_("What the holder writes as the payment reference; {reference} is the application's reference."),
    )
    guarantees = models.TextField(_("accepted bank guarantees"), blank=True)
    originals_address = models.TextField(_("where to send originals"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bond instructions")
        verbose_name_plural = _("bond instructions")

    def __str__(self):
        return str(self.office)

    def payment_reference(self, application: DetentionApplication) -> str:
        return self.reference_format.replace("{reference}", application.reference)

    def lodging(self, reference: str) -> dict:
        """How to lodge a bond or guarantee quoting ``reference``: the office's details, reference filled in."""
        return {
            "payee": self.payee,
            "bank": self.bank,
            "account": self.account,
            "payment_reference": self.reference_format.replace("{reference}", reference),
            "guarantees": self.guarantees,
            "originals_address": self.originals_address,
        }


class CourtNotice(models.Model):
    """A court's assistance notice for detained goods; the goods then follow the court."""

    item = models.OneToOneField(
        "confirmations.Item", on_delete=models.PROTECT, related_name="court_notice", verbose_name=_("item")
    )
    court = models.CharField(_("court"), max_length=300)
    reference = models.CharField(_("court reference"), max_length=100)
    issued_on = models.DateField(_("date of the notice"))
    document = models.FileField(_("document"), max_length=300)
    original_name = models.CharField(_("original file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("court assistance notice")
        verbose_name_plural = _("court assistance notices")

    def __str__(self):
        return f"{self.court} {self.reference}"


class Disposal(models.Model):
    """How confiscated goods were disposed of (Art 27)."""

    class Method(models.TextChoices):
        DESTROYED = "destroyed", _("Destroyed")
        PUBLIC_WELFARE = "public_welfare", _("Used for public welfare")
        SOLD = "sold_marks_removed", _("Sold after removing the infringing marks")

    item = models.OneToOneField(
        "confirmations.Item", on_delete=models.PROTECT, related_name="disposal", verbose_name=_("item")
    )
    method = models.CharField(_("disposal"), max_length=20, choices=Method.choices)
    disposed_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")

    def __str__(self):
        return f"{self.get_method_display()} {self.disposed_on}"


class BondInstructionsEvent(AuditRecord):
    """One change of an office's bond instructions (made in the admin): payee, bank, account..., old → new.

    Its subject is the office, which outlives removed instructions.
    """

    ACTION_LABELS = EDIT_LABELS

    office = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("customs office")
    )

    class Meta(AuditRecord.Meta):
        verbose_name = _("bond instructions event")
        verbose_name_plural = _("bond instructions events")
