"""Risk intelligence: the administrators' watchlist of traders, the proposals to list a trader, each case's
parties in comparable form, and the watchlist and known-infringer hits found when a case is filed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organization
from portal.audit import AuditRecord
from portal.validators import validate_country_code
from recordals.models import Party, Recordal


class PartyRole(models.TextChoices):
    CONSIGNOR = "consignor", _("Consignor")
    CONSIGNEE = "consignee", _("Consignee")


class WatchedTrader(models.Model):
    """A trader the customs IPR department watches for, with where the suspicion comes from."""

    class Source(models.TextChoices):
        CASE = "case", _("Confirmed infringement case")
        JUDGMENT = "judgment", _("Court judgment")
        HOLDER_REPORT = "holder_report", _("Rights holder's report")

    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(_("name, comparable form"), max_length=300, db_index=True, editable=False)
    core_key = models.CharField(max_length=300, editable=False)
    country = models.CharField(_("country"), max_length=2, blank=True, validators=[validate_country_code])
    address = models.TextField(_("address"), blank=True)
    identifier = models.CharField(
        _("business registration number"),
        max_length=60,
        blank=True,
        help_text=_("For example the unified social credit code."),
    )
    identifier_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    source = models.CharField(_("source"), max_length=14, choices=Source.choices)
    source_case = models.ForeignKey(
        "confirmations.Case", verbose_name=_("case"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judgment_reference = models.CharField(_("judgment reference"), max_length=200, blank=True)
    reporting_holder = models.ForeignKey(
        Organization,
        verbose_name=_("reporting rights holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Organization.Kind.HOLDER},
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("listed"))

    class Meta:
        ordering = ["name_key", "pk"]
        verbose_name = _("watched trader")
        verbose_name_plural = _("watched traders")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="case") | Q(source_case__isnull=False), name="watched_case_source_has_case"
            ),
            models.CheckConstraint(
                condition=~Q(source="judgment") | ~Q(judgment_reference=""), name="watched_judgment_has_reference"
            ),
            models.CheckConstraint(
                condition=~Q(source="holder_report") | Q(reporting_holder__isnull=False),
                name="watched_report_has_holder",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("confirmations:watchlist-detail", args=[self.pk])


class WatchedAlias(models.Model):
    """Another name the watched trader is known by: a transliteration, a trading name, a former name."""

    trader = models.ForeignKey(
        WatchedTrader, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("trader")
    )
    name = models.CharField(_("alias"), max_length=300)
    name_key = models.CharField(max_length=300, db_index=True, editable=False)
    core_key = models.CharField(max_length=300, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self):
        return self.name


class WatchedTraderEvent(AuditRecord):
    """One change of a watched trader: listed, edited, deactivated, reactivated."""

    ACTION_LABELS = {
        "listed": _("Listed"),
        "edited": _("Edited"),
        "deactivated": _("Deactivated"),
        "reactivated": _("Reactivated"),
    }

    trader = models.ForeignKey(WatchedTrader, on_delete=models.PROTECT, related_name="events", verbose_name=_("trader"))

    class Meta(AuditRecord.Meta):
        verbose_name = _("watched trader event")
        verbose_name_plural = _("watched trader events")


class WatchlistProposal(models.Model):
    """A case's consignor or consignee offered to the administrators for the watchlist once infringement
    was confirmed; accepted (the trader is listed with the case as source) or dismissed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting a decision")
        ACCEPTED = "accepted", _("Listed")
        DISMISSED = "dismissed", _("Dismissed")

    case = models.ForeignKey(
        "confirmations.Case", on_delete=models.PROTECT, related_name="watchlist_proposals", verbose_name=_("case")
    )
    role = models.CharField(_("role"), max_length=9, choices=PartyRole.choices)
    name = models.CharField(_("name"), max_length=300)
    country = models.CharField(_("country"), max_length=2, blank=True)
    identifier = models.CharField(_("business registration number"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=9, choices=Status.choices, default=Status.PENDING)
    trader = models.ForeignKey(
        WatchedTrader, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("trader")
    )
    created_at = models.DateTimeField(_("proposed"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("watchlist proposal")
        verbose_name_plural = _("watchlist proposals")
        constraints = [models.UniqueConstraint(fields=["case", "role"], name="one_proposal_per_case_role")]
        indexes = [models.Index(fields=["status", "created_at"], name="proposal_status_idx")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()}, case {self.case_id})"


class WatchlistProposalEvent(AuditRecord):
    """One step of a proposal: proposed, accepted, dismissed."""

    ACTION_LABELS = {"proposed": _("Proposed"), "accepted": _("Accepted"), "dismissed": _("Dismissed")}

    proposal = models.ForeignKey(
        WatchlistProposal, on_delete=models.PROTECT, related_name="events", verbose_name=_("proposal")
    )

    class Meta(AuditRecord.Meta):
        verbose_name = _("watchlist proposal event")
        verbose_name_plural = _("watchlist proposal events")


class CaseParty(models.Model):
    """A case's consignor or consignee as filed, with its name and identifier in comparable form."""

    case = models.ForeignKey(
        "confirmations.Case", on_delete=models.PROTECT, related_name="parties", verbose_name=_("case")
    )
    role = models.CharField(_("role"), max_length=9, choices=PartyRole.choices)
    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(max_length=300, editable=False)
    identifier = models.CharField(_("business registration number"), max_length=60, blank=True)
    identifier_key = models.CharField(max_length=60, blank=True, editable=False)

    class Meta:
        ordering = ["case", "role"]
        verbose_name = _("case party")
        verbose_name_plural = _("case parties")
        constraints = [models.UniqueConstraint(fields=["case", "role"], name="one_party_per_case_role")]
        indexes = [
            models.Index(fields=["name_key", "case"], name="case_party_name_idx"),
            models.Index(fields=["identifier_key", "case"], name="case_party_identifier_idx"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"


class WatchlistHit(models.Model):
    """Why a filed case's consignor or consignee matched a watched trader or a recordal's known infringer."""

    class Kind(models.TextChoices):
        WATCHLIST = "watchlist", _("Watchlist")
        KNOWN_INFRINGER = "known_infringer", _("Known infringer of a recordal")

    class On(models.TextChoices):
        NAME = "name", _("name")
        ALIAS = "alias", _("alias")
        IDENTIFIER = "identifier", _("business registration number")

    case = models.ForeignKey(
        "confirmations.Case", on_delete=models.PROTECT, related_name="watchlist_hits", verbose_name=_("case")
    )
    role = models.CharField(_("role"), max_length=9, choices=PartyRole.choices)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    trader = models.ForeignKey(
        WatchedTrader, on_delete=models.PROTECT, null=True, blank=True, related_name="hits", verbose_name=_("trader")
    )
    recordal = models.ForeignKey(
        Recordal, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recordal")
    )
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("party")
    )
    matched_on = models.CharField(_("matched on"), max_length=10, choices=On.choices)
    case_value = models.CharField(_("as filed"), max_length=300)
    case_key = models.CharField(_("compared as"), max_length=300)
    listed_value = models.CharField(_("as listed"), max_length=300)
    listed_key = models.CharField(_("listed, compared as"), max_length=300)
    score = models.FloatField(_("similarity"))

    class Meta:
        ordering = ["case", "-score", "pk"]
        verbose_name = _("watchlist hit")
        verbose_name_plural = _("watchlist hits")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="watchlist", trader__isnull=False) | Q(kind="known_infringer", recordal__isnull=False),
                name="hit_names_its_source",
            )
        ]

    def __str__(self):
        return f"{self.role} {self.case_value} ~ {self.listed_value} ({self.score:.2f})"

    def item_reason(self) -> str:
        """Say, for the holder's own item, which of its recordal's known infringers the party matches."""
        return _("The %(role)s “%(name)s” matches the known infringer “%(known)s”.") % {
            "role": _("consignor") if self.role == PartyRole.CONSIGNOR else _("consignee"),
            "name": self.case_value,
            "known": self.listed_value,
        }

    def reason(self) -> str:
        """Say, for customs staff, what matched what and how closely."""
        words = {
            "role": _("consignor") if self.role == PartyRole.CONSIGNOR else _("consignee"),
            "on": self.get_matched_on_display(),
            "filed": self.case_value,
            "listed": self.listed_value,
            "filed_key": self.case_key,
            "listed_key": self.listed_key,
            "score": f"{self.score:.2f}",
        }
        if self.matched_on == self.On.IDENTIFIER:
            return _("The %(role)s's %(on)s %(filed)s is the listed %(listed)s.") % words
        return (
            _(
                "The %(role)s “%(filed)s” (compared as “%(filed_key)s”) is like the %(on)s “%(listed)s” "
                "(compared as “%(listed_key)s”): similarity %(score)s."
            )
            % words
        )
