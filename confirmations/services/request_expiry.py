"""The end of an accepted application whose shipment never came: once its expected window has passed by more
than the configured number of working days without goods detained, it expires and the bond goes back."""

import uuid
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.models import DetentionRequest, DetentionRequestEvent
from confirmations.services.request_notify import notify_requests_changed
from portal.audit import audit_build, audit_write_many
from portal.workdays.calendar import CALENDAR_TZ, add_working_days

R = DetentionRequest.Status
SWEEP_BATCH = 500
NO_SHIPMENT = _("expired: the shipment did not arrive")
RETURN_BOND = _("expired: the shipment did not arrive; your bond is to be returned")
NO_SHIPMENT_REASON = _("the shipment did not arrive within %(days)s working days after its expected window")


def expiry_working_days() -> int:
    return settings.PORTAL_DETENTION_REQUEST_EXPIRY_DAYS


def request_expiry_due(*, expected_from: date, expected_until: date | None) -> datetime:
    """Return 24:00 of the N-th working day after the window's last day (its first day if it has no end)."""
    last = expected_until or expected_from
    return add_working_days(datetime.combine(last, time(12), tzinfo=CALENDAR_TZ), expiry_working_days())


def _record_expired(requests: list[DetentionRequest], *, reason: str) -> None:
    audit_write_many(
        DetentionRequestEvent,
        [
            audit_build(
                DetentionRequestEvent,
                actor=None,
                action="expired",
                from_status=R.ACCEPTED,
                to_status=R.EXPIRED,
                reason=reason,
                data={
                    "automatic": True,
                    "expires_at": request.expires_at.isoformat(),
                    "bond_to_return_cny": str(request.bond_amount_cny) if request.bond_lodged() else None,
                },
                request=request,
            )
            for request in requests
        ],
    )
    notify_requests_changed(
        requests,
        message_for=lambda request: RETURN_BOND if request.bond_lodged() else NO_SHIPMENT,
        reason=reason,
        to_office=False,
    )


def detention_requests_expire_due(*, now=None, batch: int = SWEEP_BATCH) -> int:
    """Expire accepted applications past their expiry with no goods detained; each once.

    Each batch is claimed with one guarded update (status and expiry), so overlapping sweeps never expire an
    application twice, and an application matched meanwhile (no longer accepted) is left alone.
    """
    now = now or timezone.now()
    reason = str(NO_SHIPMENT_REASON % {"days": expiry_working_days()})
    expired = 0
    while True:
        with transaction.atomic():
            due = DetentionRequest.objects.filter(status=R.ACCEPTED, expires_at__lte=now, item__isnull=True)
            pks = list(due.order_by("expires_at", "pk").values_list("pk", flat=True)[:batch])
            if not pks:
                return expired
            token = uuid.uuid4().hex
            due.filter(pk__in=pks).update(status=R.EXPIRED, closed_at=now, close_reason=reason, sweep_claim=token)
            requests = list(
                DetentionRequest.objects.filter(sweep_claim=token).select_related("holder", "office", "recordal")
            )
            _record_expired(requests, reason=reason)
            expired += len(requests)
