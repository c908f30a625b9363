"""The evidence chain of a case: its events, each chained to the one before, the chain's head, the daily seals."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from confirmations.models import Case, Item
from portal.audit import AuditRecord


class CaseEvent(AuditRecord):
    """One state change of a case or item, chained to the previous event of the case.

    ``seq`` numbers a case's events from 1; ``hash`` is the HMAC-SHA256 (under ``EVIDENCE_KEY``)
    of the event's fields and ``prev_hash``, the previous event's ``hash``.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case"))
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("item")
    )
    seq = models.PositiveIntegerField(_("sequence number"))
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    ACTION_LABELS = {
        "case_filed": _("Case filed"),
        "item_filed": _("Suspect item filed"),
        "photos_added": _("Photos added"),
        "decided": _("Holder decided"),
        "lapsed": _("No answer by the deadline"),
        "deadline_moved": _("Deadline moved: the working-day calendar was corrected"),
        "investigation_due_moved": _("Investigation due date moved: the working-day calendar was corrected"),
        "release_due_moved": _("Release date moved: the working-day calendar was corrected"),
        "case_bond_received": _("Case bond received"),
        "detained": _("Goods detained"),
        "released": _("Goods released"),
        "investigation": _("Investigation result recorded"),
        "counter_guarantee": _("Released against counter-guarantee"),
        "case_closed": _("Case closed"),
        "application_joined": _("Item joined the detention application"),
        "application_bond_received": _("Bond of the detention application received"),
        "application_lapsed": _("Bond not provided in time"),
        "application_withdrawn": _("Detention application withdrawn"),
        "investigation_reminder": _("Investigation due soon: officers reminded"),
        "deadline_reminder": _("Deadline near: the holder reminded"),
        "disposed": _("Confiscated goods disposed of"),
        "court_notice": _("Court's assistance notice recorded"),
        "released_after_50_days": _("Released: no court notice within 50 working days"),
        "request_detained": _("Detained on the holder's application"),
        "released_after_20_days": _("Released: no court notice within 20 working days"),
        "request_withdrawn": _("Holder's application withdrawn"),
        "consignee_recorded": _("Consignee or consignor recorded"),
        "consignee_link_issued": _("Detention notice and link issued to the consignee or consignor"),
        "consignee_notice_sent": _("Written detention notice e-mailed"),
        "consignee_notice_failed": _("Written detention notice could not be e-mailed"),
        "consignee_link_opened": _("Detention facts opened through the link"),
        "consignee_link_refused": _("Link refused: opened on another device"),
        "consignee_link_revoked": _("Consignee's link revoked"),
        "consignee_explanation": _("Written explanation from the consignee or consignor"),
        "consignee_counter_guarantee_requested": _("Release against a counter-guarantee requested"),
    }

    class Meta(AuditRecord.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="one_event_per_case_seq")]

    def sealed_data(self) -> dict:
        """Return the data as sealed and published: the reason is its ``reason`` key, where events always carried it."""
        return {**self.data, "reason": self.reason} if self.reason else self.data

    def status_label(self, status: str) -> str:
        """Return a case or item state in words."""
        choices = Case.Status if self.item_id is None else Item.Status
        return dict(choices.choices).get(status, status)

    def from_label(self) -> str:
        return self.status_label(self.from_status)

    def to_label(self) -> str:
        return self.status_label(self.to_status)


class EvidenceHead(models.Model):
    """The last link of a case's event chain, kept outside the events table (moved with each event)."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, primary_key=True, related_name="evidence_head", verbose_name=_("case")
    )
    seq = models.PositiveIntegerField(_("last sequence number"))
    mac = models.CharField(_("last MAC"), max_length=64)
    event_count = models.PositiveIntegerField(_("events"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["case"]
        verbose_name = _("evidence chain head")
        verbose_name_plural = _("evidence chain heads")

    def __str__(self):
        return f"case {self.case_id} at event {self.seq}"


class EvidenceSeal(models.Model):
    """A day's sealed digest of every chain head: [case id, sequence, head MAC] rows and their MAC."""

    day = models.DateField(_("day"), unique=True)
    heads = models.JSONField(_("heads"), default=list)
    mac = models.CharField(_("MAC"), max_length=64)
    count = models.PositiveIntegerField(_("chains"))
    created_at = models.DateTimeField(_("sealed at"))

    class Meta:
        ordering = ["-day"]
        verbose_name = _("evidence seal")
        verbose_name_plural = _("evidence seals")

    def __str__(self):
        return f"seal of {self.day} ({self.count} chains)"
