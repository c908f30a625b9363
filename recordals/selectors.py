"""Reading recordals for the pages and the API: the review queue, timelines, the public summary."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, F, When
from django.utils import timezone

from portal.workdays.calendar import local_date, working_days_since
from recordals.models import Modification, Recordal

REVIEW_LIMIT_WORKING_DAYS = 30


@dataclass(frozen=True)
class QueueEntry:
    """A filing or renewal awaiting review, with the working days left of its review limit."""

    recordal: Recordal
    queued_at: datetime
    working_days_used: int

    @property
    def working_days_left(self) -> int:
        return REVIEW_LIMIT_WORKING_DAYS - self.working_days_used

    @property
    def overdue(self) -> bool:
        return self.working_days_left < 0

    @property
    def overdue_by(self) -> int:
        return max(-self.working_days_left, 0)


def review_queue_recordals():
    """Return filings and renewal requests awaiting review, oldest first."""
    return (
        Recordal.objects.filter(status__in=[Recordal.Status.SUBMITTED, Recordal.Status.RENEWAL_REQUESTED])
        .annotate(
            queued_at=Case(
                When(status=Recordal.Status.RENEWAL_REQUESTED, then=F("renewal_requested_at")),
                default=F("submitted_at"),
            )
        )
        .select_related("holder")
        .order_by("queued_at", "pk")
    )


def review_queue(recordals, *, now: datetime | None = None) -> list[QueueEntry]:
    """Return queue entries for the given (already sliced) recordals, counting working days used (one query)."""
    recordals = list(recordals)
    used = working_days_since((recordal.queued_at for recordal in recordals), now or timezone.now())
    return [
        QueueEntry(
            recordal=recordal,
            queued_at=recordal.queued_at,
            working_days_used=used[local_date(recordal.queued_at)],
        )
        for recordal in recordals
    ]


def pending_modifications():
    """Return modification requests awaiting review, oldest first."""
    return (
        Modification.objects.filter(status=Modification.Status.PENDING)
        .select_related("recordal__holder", "requested_by")
        .order_by("requested_at", "pk")
    )


def recordal_timeline(recordal: Recordal):
    """Return the recordal's events, oldest first, with their actors."""
    return recordal.events.select_related("actor").order_by("created_at", "pk")
