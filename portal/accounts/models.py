"""Users, organizations, memberships and delegations."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.audit import EDIT_LABELS, AuditRecord
from portal.validators import validate_country_code


class User(AbstractUser):
    """A person who logs in; belongs to at most one organization through a membership."""

    language = models.CharField(_("language"), max_length=10, default="en")

    @property
    def membership(self):
        """Return the user's active membership, or None."""
        cached = getattr(self, "_membership_cache", False)
        if cached is False:
            cached = (
                Membership.objects.select_related("organization", "organization__district")
                .filter(user_id=self.pk, organization__is_active=True)
                .first()
            )
            self._membership_cache = cached
        return cached

    @property
    def organization(self):
        """Return the user's organization, or None."""
        membership = self.membership
        return membership.organization if membership else None


class CustomsDistrict(models.Model):
    """A regional customs district (e.g. Shanghai Customs) grouping customs offices."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("customs district")
        verbose_name_plural = _("customs districts")

    def __str__(self):
        return self.name


class Organization(models.Model):
    """A rights holder, an agent firm, a customs office or the administrators' department."""

    class Kind(models.TextChoices):
        HOLDER = "holder", _("Rights holder")
        AGENT = "agent", _("Agent firm")
        OFFICE = "office", _("Customs office")
        ADMIN = "admin", _("Customs IPR department")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code"))
    address = models.TextField(_("address"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    district = models.ForeignKey(
        CustomsDistrict,
        verbose_name=_("customs district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
    )
    code = models.CharField(_("office code"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="office", district__isnull=False) | ~Q(kind="office"),
                name="office_has_district",
            ),
            models.UniqueConstraint(fields=["name", "kind"], name="unique_organization_name_per_kind"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """Refuse a country that is not an ISO 3166 code in capitals."""
        super().clean()
        if self.country:
            try:
                validate_country_code(self.country)
            except ValidationError as error:
                raise ValidationError({"country": error.messages})


class Membership(models.Model):
    """A user's place in an organization, with a role."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership_row", verbose_name=_("user"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.role})"


class Delegation(models.Model):
    """A holder's grant of authority to an agent firm: all its recordals, or chosen ones.

    The chosen recordals are linked from the recordal side (``Recordal.delegations``).
    """

    class Scope(models.TextChoices):
        ALL = "all", _("All recordals")
        CHOSEN = "chosen", _("Chosen recordals")

    holder = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="delegations_given",
        limit_choices_to={"kind": Organization.Kind.HOLDER},
        verbose_name=_("holder"),
    )
    agent = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        limit_choices_to={"kind": Organization.Kind.AGENT},
        verbose_name=_("agent"),
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.ALL)
    may_file = models.BooleanField(_("may file and renew recordals"), default=True)
    may_decide = models.BooleanField(_("may decide on suspect goods"), default=True)
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "agent"], condition=Q(revoked_at__isnull=True), name="one_live_delegation_per_pair"
            ),
        ]

    def __str__(self):
        return f"{self.holder} → {self.agent} ({self.get_scope_display()})"


class Passkey(models.Model):
    """A WebAuthn credential a user signs in with instead of a password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    credential_id = models.CharField(_("credential ID"), max_length=1400, unique=True)
    public_key = models.BinaryField(_("public key"))
    sign_count = models.PositiveBigIntegerField(_("signature counter"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")

    def __str__(self):
        return self.name


class DeviceSession(models.Model):
    """A session the user chose to keep on one device ("keep me signed in"), listed and revocable."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="device_sessions", verbose_name=_("user"))
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    device = models.CharField(_("device"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("signed in"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kept session")
        verbose_name_plural = _("kept sessions")

    def __str__(self):
        return f"{self.user} · {self.device}"


class CustomsDistrictEvent(AuditRecord):
    """One change of a customs district (made in the admin), which groups the offices: old → new."""

    ACTION_LABELS = EDIT_LABELS

    district = models.ForeignKey(
        CustomsDistrict, on_delete=models.PROTECT, related_name="events", verbose_name=_("customs district")
    )

    class Meta(AuditRecord.Meta):
        verbose_name = _("customs district event")
        verbose_name_plural = _("customs district events")


class OrganizationEvent(AuditRecord):
    """One change of an organization (made in the admin): the fields changed, old → new."""

    ACTION_LABELS = EDIT_LABELS

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="events", verbose_name=_("organization")
    )

    class Meta(AuditRecord.Meta):
        verbose_name = _("organization event")
        verbose_name_plural = _("organization events")


class MembershipEvent(AuditRecord):
    """One change of a user's membership (organization or role)."""

    ACTION_LABELS = EDIT_LABELS

    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="events", verbose_name=_("membership")
    )

    class Meta(AuditRecord.Meta):
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")


class DelegationEvent(AuditRecord):
    """One change of a holder's delegation to an agent: granted, its powers changed, revoked."""

    ACTION_LABELS = EDIT_LABELS

    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="events", verbose_name=_("delegation")
    )

    class Meta(AuditRecord.Meta):
        verbose_name = _("delegation event")
        verbose_name_plural = _("delegation events")


class UserEvent(AuditRecord):
    """One change of a user: a passkey added or removed, a device kept signed in or signed out, or an
    administrator's change of the account (fields old → new)."""

    ACTION_LABELS = {
        **EDIT_LABELS,
        "passkey_added": _("Passkey added"),
        "passkey_removed": _("Passkey removed"),
        "session_kept": _("Device kept signed in"),
        "session_revoked": _("Device signed out"),
    }

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="security_events", verbose_name=_("user"))

    class Meta(AuditRecord.Meta):
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    @property
    def subject(self) -> str:
        """The passkey's name or the device it concerns."""
        return self.data.get("passkey") or self.data.get("device") or ""
