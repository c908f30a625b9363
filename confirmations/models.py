"""Suspect-goods cases: the shipment, its items and their photos; the other models of the app are imported below."""

from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organization
from portal.uploads import StoredImage
from portal.validators import validate_country_code, validate_currency_code, validate_hs_code
from recordals.models import Recordal


class Channel(models.TextChoices):
    MAIL = "mail", _("Mail")
    EXPRESS = "express", _("Express")
    ECOMMERCE = "ecommerce", _("Cross-border e-commerce")
    SEA = "sea", _("Sea")
    AIR = "air", _("Air")
    LAND = "land", _("Land")
    PASSENGER = "passenger", _("Passenger")


class Direction(models.TextChoices):
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")


class Case(models.Model):
    """One stopped shipment, filed by an officer of a customs office."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    # The shipment facts an officer files and every party of the case may see.
    SHIPMENT_FIELDS = (
        "channel",
        "direction",
        "waybill_number",
        "consignor",
        "consignor_country",
        "consignee",
        "consignee_country",
        "declared_goods",
        "quantity",
        "declared_value",
        "currency",
        "notes",
    )

    office = models.ForeignKey(
        Organization,
        verbose_name=_("customs office"),
        on_delete=models.PROTECT,
        related_name="cases",
        limit_choices_to={"kind": Organization.Kind.OFFICE},
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    waybill_number = models.CharField(_("waybill or declaration number"), max_length=100)
    consignor = models.CharField(_("consignor"), max_length=300, blank=True)
    consignor_country = models.CharField(
        _("consignor country"), max_length=2, blank=True, validators=[validate_country_code]
    )
    consignee = models.CharField(_("consignee"), max_length=300, blank=True)
    consignee_country = models.CharField(
        _("consignee country"), max_length=2, blank=True, validators=[validate_country_code]
    )
    declared_goods = models.CharField(_("declared goods"), max_length=500, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    declared_value = models.DecimalField(
        _("declared value"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY", validators=[validate_currency_code])
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("filed"), auto_now_add=True, db_index=True)
    committed_at = models.DateTimeField(_("notified"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["office", "created_at"], name="case_office_created_idx"),
            models.Index(fields=["office", "-created_at", "-id"], name="case_office_list_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.waybill_number}"

    def get_absolute_url(self):
        return reverse("confirmations:case-detail", args=[self.pk])


def pending_rank():
    """Return 0 for a pending item, 1 for any other: the "pending first" sort key of the holder's lists."""
    return models.Case(
        models.When(status="pending", then=models.Value(0)), default=models.Value(1), output_field=models.IntegerField()
    )


class Item(models.Model):
    """One suspect item of a case, tied to one recordal and so to one holder."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the holder")
        INFRINGING = "infringing", _("Infringing: detention applied for")
        NOT_INFRINGING = "not_infringing", _("Not infringing")
        LAPSED = "lapsed", _("No answer by the deadline")
        DETAINED = "detained", _("Detained")
        RELEASED = "released", _("Released")
        CONFIRMED = "confirmed", _("Infringement confirmed")
        NOT_CONFIRMED = "not_confirmed", _("Infringement not confirmed")
        COUNTER_GUARANTEE = "released_on_counter_guarantee", _("Released against counter-guarantee")
        COURT = "court_assistance", _("Held under a court's assistance notice")

    class Decision(models.TextChoices):
        INFRINGING = "infringing", _("Infringing")
        NOT_INFRINGING = "not_infringing", _("Not infringing")
        LAPSED = "lapsed", _("No answer (released automatically)")

    class Bond(models.TextChoices):
        GENERAL = "general", _("General bond")
        CASE = "case", _("Case bond")

    FINAL_STATUSES = (Status.RELEASED, Status.CONFIRMED, Status.COUNTER_GUARANTEE, Status.COURT)

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="items", verbose_name=_("case"))
    recordal = models.ForeignKey(
        Recordal, on_delete=models.PROTECT, related_name="case_items", verbose_name=_("recordal")
    )
    holder = models.ForeignKey(
        Organization, verbose_name=_("rights holder"), on_delete=models.PROTECT, related_name="case_items"
    )
    # The case's office, kept on the item so that the office's list is read from one index in its order.
    office = models.ForeignKey(
        Organization,
        verbose_name=_("customs office of the case"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        editable=False,
    )
    description = models.CharField(_("description"), max_length=500)
    # The goods' tariff line as customs classified them; "" for items filed before items carried one.
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True, validators=[validate_hs_code])
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="CNY", validators=[validate_currency_code])
    exchange_rate = models.DecimalField(_("rate to CNY"), max_digits=14, decimal_places=6, default=Decimal(1))
    value_cny = models.DecimalField(_("value in CNY"), max_digits=16, decimal_places=2)
    flagged_infringer = models.BooleanField(_("known infringer"), default=False)
    flag_reason = models.CharField(_("why flagged"), max_length=500, blank=True)

    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.PENDING)
    notified_at = models.DateTimeField(_("notified"))
    deadline = models.DateTimeField(_("deadline"), db_index=True)
    reminded_24h_at = models.DateTimeField(null=True, blank=True)
    reminded_2h_at = models.DateTimeField(null=True, blank=True)

    decision = models.CharField(_("decision"), max_length=15, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    bond_kind = models.CharField(_("bond"), max_length=8, choices=Bond.choices, blank=True)
    bond_amount_cny = models.DecimalField(_("bond (CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    general_bond = models.ForeignKey(
        "GeneralBond",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("general bond"),
    )
    case_bond_received_at = models.DateTimeField(_("case bond received"), null=True, blank=True)

    officer_action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer action by"),
    )
    officer_action_at = models.DateTimeField(_("detained or released"), null=True, blank=True)
    investigation_due = models.DateTimeField(_("investigation due"), null=True, blank=True)
    investigation_at = models.DateTimeField(_("investigation concluded"), null=True, blank=True)
    investigation_note = models.TextField(_("investigation note"), blank=True)
    counter_guarantee_cny = models.DecimalField(
        _("counter-guarantee (CNY)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    application = models.ForeignKey(
        "DetentionApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("application"),
    )
    release_due = models.DateTimeField(_("released without a court notice at"), null=True, blank=True, db_index=True)
    release_reason = models.CharField(_("why released"), max_length=300, blank=True)
    investigation_reminded_at = models.DateTimeField(null=True, blank=True)
    sweep_claim = models.CharField(max_length=32, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("suspect item")
        verbose_name_plural = _("suspect items")
        indexes = [
            models.Index(fields=["holder", "status", "deadline"], name="item_holder_status_idx"),
            models.Index(fields=["status", "deadline"], name="item_status_deadline_idx"),
            models.Index(fields=["notified_at"], name="item_notified_idx"),
            # The holder's lists in the order they show (pending first, soonest deadline), read from the index.
            models.Index(
                models.F("holder"), pending_rank(), models.F("deadline"), models.F("id"), name="item_holder_list_idx"
            ),
            models.Index(
                fields=["holder", "deadline", "id"], condition=Q(status="pending"), name="item_pending_holder_idx"
            ),
            # The lapse sweep's claim: the cases that still have pending items, without reading the answered ones.
            models.Index(fields=["case"], condition=Q(status="pending"), name="item_pending_case_idx"),
            # The office's list in the same order; it leads with the office, so it also serves the foreign key.
            models.Index(
                models.F("office"), pending_rank(), models.F("deadline"), models.F("id"), name="item_office_list_idx"
            ),
            # An office's and a holder's statistics of a period read only their items notified in it.
            models.Index(fields=["office", "notified_at"], name="item_office_notified_idx"),
            models.Index(fields=["holder", "notified_at"], name="item_holder_notified_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="pending") | Q(decision=""), name="item_pending_undecided"),
            models.CheckConstraint(
                condition=~Q(decision="infringing") | ~Q(bond_kind=""), name="item_infringing_has_bond"
            ),
        ]

    def __str__(self):
        return f"{self.description} ({self.recordal.number})"

    def get_absolute_url(self):
        return reverse("confirmations:item-detail", args=[self.pk])

    @property
    def is_patent(self) -> bool:
        return self.recordal.right_type in ("invention_patent", "utility_model_patent", "design_patent")

    def bond_secured(self) -> bool:
        """Return whether the detention bond is in place (a general bond, or a received case bond)."""
        if self.bond_kind == self.Bond.GENERAL:
            return self.general_bond_id is not None
        return self.bond_kind == self.Bond.CASE and self.case_bond_received_at is not None

    def notice_kind(self) -> str | None:
        """Return which printed notice the item has: ``detention``, ``release``, or None (none yet)."""
        return self.notice_kind_of(self.status)

    @classmethod
    def notice_kind_of(cls, status: str) -> str | None:
        """Return which printed notice an item in ``status`` has: ``detention``, ``release``, or None (none yet)."""
        if status in (cls.Status.DETAINED, cls.Status.CONFIRMED, cls.Status.NOT_CONFIRMED, cls.Status.COURT):
            return "detention"
        if status in (cls.Status.RELEASED, cls.Status.COUNTER_GUARANTEE):
            return "release"
        return None


class ItemPhoto(StoredImage):
    """A photo of a suspect item, taken by the officer."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="photos", verbose_name=_("item"))
    display = models.FileField(_("display version"), max_length=300, blank=True)
    phash = models.BigIntegerField(_("perceptual hash"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("item photo")
        verbose_name_plural = _("item photos")

    def __str__(self):
        return self.original_name or f"photo {self.pk}"

    def fill_from(self, verified, *, folder: str) -> None:
        """Store the image, its thumbnail and its display version (at most 1600 px a side, shown on pages)."""
        super().fill_from(verified, folder=folder)
        if verified.display:
            stem = self.image.name.rsplit("/", 1)[-1]
            self.display.save(f"{folder}/display/{stem}.jpg", ContentFile(verified.display), save=False)

    def delete_files(self) -> None:
        super().delete_files()
        if self.display:
            self.display.storage.delete(self.display.name)


class DailyFigure(models.Model):
    """One day's rolled-up statistics for one dimension value (a channel, an office, a brand) or the day's total.

    Rebuilt for recent days by the ``daily-figures`` periodic task; a ``day`` row marks the day as rolled up.
    """

    class Dimension(models.TextChoices):
        DAY = "day", _("Day total")
        CHANNEL = "channel", _("Channel")
        OFFICE = "office", _("Office")
        BRAND = "brand", _("Brand")

    day = models.DateField(_("day"))
    dimension = models.CharField(_("dimension"), max_length=8, choices=Dimension.choices)
    key = models.CharField(_("value"), max_length=300, blank=True)
    items = models.PositiveIntegerField(_("items"), default=0)
    cases = models.PositiveIntegerField(_("cases"), default=0)
    pending = models.PositiveIntegerField(_("awaiting the holder"), default=0)
    answerable = models.PositiveIntegerField(_("answered or lapsed"), default=0)
    in_time = models.PositiveIntegerField(_("answered in time"), default=0)
    value_detained_cny = models.DecimalField(_("value detained (CNY)"), max_digits=18, decimal_places=2, default=0)
    value_released_cny = models.DecimalField(_("value released (CNY)"), max_digits=18, decimal_places=2, default=0)
    built_at = models.DateTimeField(_("built"))

    class Meta:
        ordering = ["day", "dimension", "key"]
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        constraints = [models.UniqueConstraint(fields=["dimension", "day", "key"], name="one_figure_per_day_key")]
        indexes = [
            models.Index(fields=["dimension", "key", "day"], include=["items", "cases"], name="figure_key_day_idx")
        ]

    def __str__(self):
        return f"{self.day} {self.dimension} {self.key}: {self.items}"


from confirmations.bond_models import GENERAL_BOND_MINIMUM, GeneralBond, GeneralBondEvent  # noqa: E402, F401
from confirmations.consignee_models import ConsigneeDocument, ConsigneeLink, ConsigneeSubmission  # noqa: E402, F401
from confirmations.detention_models import (  # noqa: E402, F401
    BondInstructions,
    BondInstructionsEvent,
    CourtNotice,
    DetentionApplication,
    Disposal,
)
from confirmations.evidence_models import CaseEvent, EvidenceHead, EvidenceSeal  # noqa: E402, F401
from confirmations.penalty_models import PenaltyDecision, PenaltyDecisionEvent  # noqa: E402, F401
from confirmations.rate_models import ExchangeRate, ExchangeRateEvent  # noqa: E402, F401
from confirmations.request_models import (  # noqa: E402, F401
    DetentionRequest,
    DetentionRequestEvent,
    DetentionRequestFile,
    Tip,
    TipEvent,
)
from confirmations.rollup_models import BrandTotal, DailyDecisions, MonthlyDecisions, RollupVersion  # noqa: E402, F401
from confirmations.watchlist_models import (  # noqa: E402, F401
    CaseParty,
    WatchedAlias,
    WatchedTrader,
    WatchedTraderEvent,
    WatchlistHit,
    WatchlistProposal,
    WatchlistProposalEvent,
)
