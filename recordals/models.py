"""Recorded rights: the recordal, its goods, parties, images, documents and events."""

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Delegation, Organization
from portal.audit import AuditRecord
from portal.traders import trader_core_key, trader_name_key
from portal.uploads import StoredImage
from portal.validators import validate_country_code, validate_currency_code, validate_hs_code
from recordals import validity


class RightType(models.TextChoices):
    TRADEMARK = "trademark", _("Trademark")
    COPYRIGHT = "copyright", _("Copyright")
    INVENTION_PATENT = "invention_patent", _("Invention patent")
    UTILITY_MODEL_PATENT = "utility_model_patent", _("Utility-model patent")
    DESIGN_PATENT = "design_patent", _("Design patent")


NUMBER_PREFIX = {
    RightType.TRADEMARK: "T",
    RightType.COPYRIGHT: "C",
    RightType.INVENTION_PATENT: "P",
    RightType.UTILITY_MODEL_PATENT: "P",
    RightType.DESIGN_PATENT: "P",
}
PATENT_TYPES = (RightType.INVENTION_PATENT, RightType.UTILITY_MODEL_PATENT, RightType.DESIGN_PATENT)
NOT_NEGATIVE = MinValueValidator(0)


class RecordalQuerySet(models.QuerySet):
    def in_force(self, today: date):
        """Approved recordals valid on ``today``: the ones that match new cases."""
        return self.filter(status__in=Recordal.IN_FORCE_STATUSES, valid_from__lte=today, valid_until__gte=today)


class Recordal(models.Model):
    """A right recorded with customs by its holder."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RENEWAL_REQUESTED = "renewal_requested", _("Renewal requested")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    IN_FORCE_STATUSES = (Status.APPROVED, Status.RENEWAL_REQUESTED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.REJECTED)
    NUMBERED_STATUSES = (Status.APPROVED, Status.RENEWAL_REQUESTED, Status.EXPIRED, Status.CANCELLED)

    holder = models.ForeignKey(
        Organization,
        verbose_name=_("rights holder"),
        on_delete=models.PROTECT,
        related_name="recordals",
        limit_choices_to={"kind": Organization.Kind.HOLDER},
    )
    right_type = models.CharField(_("right"), max_length=30, choices=RightType.choices)
    title = models.CharField(_("mark text or title"), max_length=300)
    registration_number = models.CharField(_("registration number"), max_length=100)
    right_valid_from = models.DateField(_("right valid from"))
    right_valid_until = models.DateField(_("right valid until"), null=True, blank=True)
    nice_classes = models.JSONField(_("Nice classes"), default=list, blank=True)
    right_details = models.TextField(_("details of the right"), blank=True)
    identification_guide = models.TextField(_("identification guide"), blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("recordal number"), max_length=20, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    valid_from = models.DateField(_("recordal valid from"), null=True, blank=True)
    valid_until = models.DateField(_("recordal valid until"), null=True, blank=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    renewal_count = models.PositiveIntegerField(_("renewals"), default=0)
    renewal_requested_at = models.DateTimeField(_("renewal requested"), null=True, blank=True)

    delegations = models.ManyToManyField(
        Delegation, verbose_name=_("delegated to"), blank=True, related_name="recordals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecordalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("recordal")
        verbose_name_plural = _("recordals")
        indexes = [
            models.Index(fields=["status", "valid_until"], name="recordal_status_valid_idx"),
            models.Index(fields=["registration_number"], name="recordal_regno_idx"),
            # Numbers are looked up case-insensitively (search and public lookup).
            models.Index(Upper("number"), name="recordal_number_upper_idx"),
            models.Index(Upper("registration_number"), name="recordal_regno_upper_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(right_valid_until__isnull=True) | Q(right_valid_until__gte=models.F("right_valid_from")),
                name="recordal_right_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "rejected"]) | Q(number__isnull=False),
                name="recordal_decided_has_number",
            ),
        ]

    def __str__(self):
        return f"{self.number or _('draft')} {self.title}"

    def get_absolute_url(self):
        return reverse("recordals:detail", args=[self.pk])

    def is_in_force(self, today: date) -> bool:
        """Return whether this recordal matches new cases on ``today``."""
        return (
            self.status in self.IN_FORCE_STATUSES
            and self.valid_from is not None
            and self.valid_from <= today <= self.valid_until
        )

    def right_not_in_force_on(self, today: date) -> str:
        """Return the right's date field that keeps it out of force on ``today`` ('' when it is in force)."""
        if self.right_valid_from > today:
            return "right_valid_from"
        if self.right_valid_until is not None and self.right_valid_until < today:
            return "right_valid_until"
        return ""

    def is_editable(self) -> bool:
        """Return whether the filing may still be changed in place (a draft, or a rejected one to resubmit)."""
        return self.status in self.EDITABLE_STATUSES

    def renewal_opens_on(self) -> date | None:
        """Return the first day a renewal may be requested, or None before approval."""
        if self.valid_until is None:
            return None
        return validity.renewal_window_start(self.valid_until)

    def is_renewable(self, today: date) -> bool:
        """Return whether a renewal may be requested on ``today``."""
        return (
            self.status == self.Status.APPROVED
            and self.valid_until is not None
            and self.renewal_opens_on() <= today <= self.valid_until
        )

    @property
    def number_prefix(self) -> str:
        return NUMBER_PREFIX[self.right_type]


class Goods(models.Model):
    """A genuine product line covered by the recordal."""

    recordal = models.ForeignKey(Recordal, on_delete=models.CASCADE, related_name="goods", verbose_name=_("recordal"))
    name = models.CharField(_("name"), max_length=200)
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True, validators=[validate_hs_code])
    features = models.TextField(_("main features"), blank=True)
    usual_ports = models.CharField(_("usual ports"), max_length=300, blank=True)
    price_min = models.DecimalField(
        _("typical price from"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[NOT_NEGATIVE]
    )
    price_max = models.DecimalField(
        _("typical price to"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[NOT_NEGATIVE]
    )
    price_currency = models.CharField(_("currency"), max_length=3, default="CNY", validators=[validate_currency_code])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("genuine goods")
        verbose_name_plural = _("genuine goods")
        indexes = [models.Index(fields=["hs_code"], name="goods_hs_idx")]

    def __str__(self):
        return self.name


class PartyQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Create the parties with their names' comparable form filled in."""
        objs = list(objs)
        for party in objs:
            party.name_key = trader_name_key(party.name)
            party.core_key = trader_core_key(party.name_key)
        return super().bulk_create(objs, *args, **kwargs)


class Party(models.Model):
    """A licensee, an authorized manufacturer or a known infringer named in the recordal."""

    class Role(models.TextChoices):
        LICENSEE = "licensee", _("Licensee")
        MANUFACTURER = "manufacturer", _("Authorized manufacturer")
        INFRINGER = "infringer", _("Known infringer")

    recordal = models.ForeignKey(Recordal, on_delete=models.CASCADE, related_name="parties", verbose_name=_("recordal"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=300)
    country = models.CharField(_("country"), max_length=2, blank=True, validators=[validate_country_code])
    address = models.TextField(_("address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    name_key = models.CharField(_("name, comparable form"), max_length=300, blank=True, editable=False)
    core_key = models.CharField(_("name, distinctive words"), max_length=300, blank=True, editable=False)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"

    def save(self, *args, **kwargs):
        self.name_key = trader_name_key(self.name)
        self.core_key = trader_core_key(self.name_key)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key", "core_key"}
        super().save(*args, **kwargs)


class RecordalImage(StoredImage):
    """A picture filed with the recordal: the mark, a genuine product, or a page of the guide."""

    class Kind(models.TextChoices):
        MARK = "mark", _("Mark")
        GENUINE = "genuine", _("Genuine product")
        GUIDE = "guide", _("Identification guide")

    recordal = models.ForeignKey(Recordal, on_delete=models.CASCADE, related_name="images", verbose_name=_("recordal"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GENUINE)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("recordal image")
        verbose_name_plural = _("recordal images")

    def __str__(self):
        return self.caption or self.original_name

    def get_absolute_url(self):
        return reverse("recordals:image", args=[self.pk])

    def get_thumbnail_url(self):
        return reverse("recordals:image-thumb", args=[self.pk])


class RecordalDocument(models.Model):
    """A supporting PDF (registration certificate, licence, power of attorney...)."""

    recordal = models.ForeignKey(
        Recordal, on_delete=models.CASCADE, related_name="documents", verbose_name=_("recordal")
    )
    file = models.FileField(_("file"), max_length=300)
    title = models.CharField(_("title"), max_length=300, blank=True)
    original_name = models.CharField(_("original file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title or self.original_name

    def get_absolute_url(self):
        return reverse("recordals:document", args=[self.pk])


class RecordalEvent(AuditRecord):
    """One state change or filing of a recordal: who, when, from which state to which, why."""

    ACTION_LABELS = {
        "created": _("Draft created"),
        "updated": _("Filing corrected"),
        "images_added": _("Images attached"),
        "image_removed": _("Image removed"),
        "documents_added": _("Documents attached"),
        "submitted": _("Submitted for review"),
        "approved": _("Approved"),
        "rejected": _("Rejected"),
        "renewal_requested": _("Renewal requested"),
        "renewed": _("Renewed"),
        "renewal_rejected": _("Renewal refused"),
        "cancelled": _("Cancelled"),
        "expired": _("Expired"),
        "modification_requested": _("Modification requested"),
        "modification_approved": _("Modification approved"),
        "modification_rejected": _("Modification rejected"),
    }

    recordal = models.ForeignKey(Recordal, on_delete=models.PROTECT, related_name="events", verbose_name=_("recordal"))

    class Meta(AuditRecord.Meta):
        verbose_name = _("recordal event")
        verbose_name_plural = _("recordal events")

    def from_label(self) -> str:
        return _status_label(self.from_status)

    def to_label(self) -> str:
        return _status_label(self.to_status)


def _status_label(status: str) -> str:
    return Recordal.Status(status).label if status in Recordal.Status.values else status


class RecordalNumberCounter(models.Model):
    """The last recordal number issued for one prefix and year; locked while a number is taken."""

    prefix = models.CharField(max_length=1)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("recordal number counter")
        verbose_name_plural = _("recordal number counters")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="recordal_counter_prefix_year")]

    def __str__(self):
        return f"{self.prefix}{self.year}: {self.last}"


class Modification(models.Model):
    """A holder's request to change recorded facts of an approved recordal, reviewed like a filing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    FIELDS = ("right_valid_until", "right_details", "identification_guide", "nice_classes")

    recordal = models.ForeignKey(
        Recordal, on_delete=models.PROTECT, related_name="modifications", verbose_name=_("recordal")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    changes = models.JSONField(_("requested changes"))
    explanation = models.TextField(_("explanation"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("modification request")
        verbose_name_plural = _("modification requests")
        constraints = [
            models.UniqueConstraint(
                fields=["recordal"], condition=Q(status="pending"), name="one_pending_modification_per_recordal"
            )
        ]

    def __str__(self):
        return f"{self.recordal_id}: {', '.join(sorted(self.changes))} ({self.status})"


from recordals.image_match_models import ImageFingerprint  # noqa: E402, F401  (registers the model)
from recordals.reminder_models import RecordalReminder  # noqa: E402, F401  (registers the model)
