"""In-app notices, e-mail and webhook deliveries, and the holders' webhook endpoints."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Organization
from portal.audit import AuditRecord
from portal.notices.params import decode, rows_named


def new_webhook_secret() -> str:
    """Return a fresh random signing secret."""
    return secrets.token_hex(32)


def site_language() -> str:
    """Return the site's default language, the language of a webhook registered without one."""
    return settings.LANGUAGE_CODE


class WebhookEndpointQuerySet(models.QuerySet):
    def registered(self):
        """Return the endpoints not removed (a removed endpoint is kept, with its deliveries, as evidence)."""
        return self.filter(removed_at__isnull=True)


class WebhookEndpoint(models.Model):
    """A URL of a holder's (or agent's) own system that receives signed notices."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="webhooks", verbose_name=_("organization")
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=128, default=new_webhook_secret)
    is_active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language"), max_length=10, default=site_language, help_text=_("The language of the texts sent to it.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    failures_in_a_row = models.PositiveIntegerField(_("failures in a row"), default=0)
    paused_until = models.DateTimeField(
        _("paused until"), null=True, blank=True, help_text=_("Set while the circuit is open: nothing is sent before.")
    )
    removed_at = models.DateTimeField(
        _("removed"), null=True, blank=True, help_text=_("Removed by the holder: nothing more is sent to it.")
    )

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url

    def state(self) -> str:
        """Return "removed", "switched_off" (by an administrator) or "active"."""
        if self.removed_at is not None:
            return "removed"
        return "active" if self.is_active else "switched_off"

    def circuit_state(self, now) -> str:
        """Return 'closed' (sending), 'open' (paused) or 'half-open' (the next attempt is a probe)."""
        if self.paused_until is None:
            return "closed"
        return "open" if self.paused_until > now else "half-open"


class Notice(models.Model):
    """One in-app notice for one user."""

    # PROTECT: a notice is evidence (a deadline counts from it); a leaver's account is switched off, not deleted.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=300, help_text=_("As first sent, in the reader's language then."))
    body = models.TextField(_("text"), blank=True)
    template = models.CharField(
        _("template"), max_length=200, blank=True, help_text=_("Empty for notices written before texts were kept.")
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread_idx")]

    def __str__(self):
        return self.title

    def title_now(self, rows: dict | None = None) -> str:
        """Return the title in the active language, from the kind's template and the stored parameters.

        ``rows`` (from ``titles_now``) holds the rows the parameters name, fetched for many notices at once.
        """
        if not self.template:
            return self.title
        context = decode(self.params, rows)
        return " ".join(render_to_string(f"{self.template}_subject.txt", context).split())


def titles_now(notices) -> list[str]:
    """Return the notices' titles in the active language, fetching the rows they name with one query per model."""
    rows = rows_named(notice.params for notice in notices if notice.template)
    return [notice.title_now(rows) for notice in notices]


class Delivery(models.Model):
    """One message to send outside the portal: an e-mail to a user or a POST to a webhook.

    The row exists before its task is queued, so nothing is lost when the broker is down:
    a periodic task sends whatever is still due.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WEBHOOK = "webhook", _("Webhook")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=50)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("recipient"),
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    text_body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML"), blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    template = models.CharField(
        _("template"), max_length=200, blank=True, help_text=_("The texts of a webhook, rendered when it is sent.")
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    body = models.TextField(
        _("body sent"), blank=True, help_text=_("A webhook's JSON exactly as sent (every attempt).")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    handed_out_at = models.DateTimeField(
        _("handed to the queue"), null=True, blank=True, help_text=_("Empty: the queue never took it.")
    )
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(channel="email", recipient__isnull=False) | Q(channel="webhook", endpoint__isnull=False)),
                name="delivery_has_target",
            ),
        ]

    def __str__(self):
        return f"{self.channel} {self.subject or self.kind} ({self.status})"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: when, how it ended, and why it failed."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Outcome unknown")

    delivery = models.ForeignKey(
        Delivery, on_delete=models.PROTECT, related_name="attempt_records", verbose_name=_("delivery")
    )
    number = models.PositiveIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["delivery", "number", "pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"{self.delivery_id} #{self.number}: {self.outcome or 'in progress'}"


class WebhookEndpointEvent(AuditRecord):
    """One change of a webhook endpoint: registered, switched off or on, removed."""

    ACTION_LABELS = {
        "added": _("Webhook registered"),
        "changed": _("Webhook changed"),
        "removed": _("Webhook removed"),
    }
    STATE_LABELS = {"active": _("Active"), "switched_off": _("Switched off"), "removed": _("Removed")}

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.PROTECT, related_name="events", verbose_name=_("endpoint")
    )

    class Meta(AuditRecord.Meta):
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def from_label(self) -> str:
        return self.STATE_LABELS.get(self.from_status, self.from_status)

    def to_label(self) -> str:
        return self.STATE_LABELS.get(self.to_status, self.to_status)
