"""The other working-day clocks follow a corrected calendar too.

Besides the holder's reply deadline (``recompute.deadlines_recompute``), four legal dates count working
days: the 30-working-day investigation and the 50-working-day release of detained goods (from their
detention), and, for a holder's own application, the office's review (from submission), the expiry of an
accepted application whose shipment never came (from its expected window) and the 20-working-day court
notice (from detention). When an administrator corrects calendar days, each such date still to come whose
count runs over a changed day is computed again from its start. A date never moves to a moment already
passed; each move is recorded as evidence (old and new date, the changed days) and told to whoever must act.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from confirmations.evidence import events_record_entries
from confirmations.models import CaseEvent, DetentionRequest, DetentionRequestEvent, Item
from confirmations.services.investigation import AWAITING_COURT
from confirmations.services.notify import notify_item_changed
from confirmations.services.officer import INVESTIGATION_WORKING_DAYS, RELEASE_WORKING_DAYS
from confirmations.services.request_detention import COURT_NOTICE_WORKING_DAYS
from confirmations.services.request_expiry import request_expiry_due
from confirmations.services.request_notify import notify_request_holder, notify_request_office
from confirmations.services.requests import review_working_days
from portal.audit import audit_write
from portal.notices.params import Deadline, Phrase
from portal.workdays.calendar import CALENDAR_TZ, add_working_days

S = Item.Status
R = DetentionRequest.Status
MOVED = _("%(what)s moved from %(old)s to %(new)s because the working-day calendar was corrected")
WHAT = {
    "investigation_due": _("the investigation's due date"),
    "release_due": _("the release without a court's notice"),
    "review_due": _("the office's review date"),
    "expires_at": _("the expiry of the application"),
    "court_notice_due": _("the date by which a court's notice is needed"),
}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CALENDAR_TZ)


def _data(field: str, old: datetime, new: datetime, days: list[date]) -> dict:
    return {
        "clock": field,
        "old_due": old.astimezone(CALENDAR_TZ).isoformat(),
        "new_due": new.astimezone(CALENDAR_TZ).isoformat(),
        "calendar_days": [day.isoformat() for day in days],
    }


def _message(field: str, old: datetime, new: datetime) -> Phrase:
    """Return the sentence telling of the move, put together in each reader's language."""
    return Phrase(MOVED, what=WHAT[field], old=Deadline(old), new=Deadline(new))


def _moved(old: datetime | None, new: datetime, now: datetime) -> bool:
    return old is not None and new != old and new > now


def _detained_items(days: list[date], now: datetime) -> list[tuple[Item, datetime]]:
    """Return detained items with a clock still to come over the changed days, each with its detention moment."""
    after = max(now, _start_of(min(days)))
    running = Item.objects.filter(status__in=AWAITING_COURT).filter(
        Q(release_due__gt=after) | Q(status=S.DETAINED, investigation_at__isnull=True, investigation_due__gt=after)
    )
    started = dict(
        CaseEvent.objects.filter(item__in=running, action="detained", created_at__lt=_start_of(max(days)))
        .order_by("item_id", "seq")
        .values_list("item_id", "created_at")
    )
    items = Item.objects.select_related("case", "case__office", "recordal", "holder").in_bulk(list(started))
    return [(items[pk], detained_at) for pk, detained_at in started.items()]


def items_clocks_recompute(*, days: list[date], actor=None, now: datetime) -> int:
    """Move the investigation and release dates of detained goods; return how many dates moved."""
    clocks = {"investigation_due": INVESTIGATION_WORKING_DAYS, "release_due": RELEASE_WORKING_DAYS}
    entries, changes = [], []
    for item, detained_at in _detained_items(days, now):
        for field, working_days in clocks.items():
            if field == "investigation_due" and (item.status != S.DETAINED or item.investigation_at is not None):
                continue
            old, new = getattr(item, field), add_working_days(detained_at, working_days)
            if not _moved(old, new, now):
                continue
            changes.append((item, field, old, new))
    by_value: dict[tuple[str, datetime, datetime], list[int]] = defaultdict(list)
    for item, field, old, new in changes:
        by_value[(field, old, new)].append(item.pk)
    moved_ids: set[tuple[int, str]] = set()
    for (field, old, new), pks in by_value.items():
        still = Item.objects.filter(pk__in=pks, status__in=AWAITING_COURT, **{field: old})
        ids = list(still.values_list("pk", flat=True))
        reset = {"investigation_reminded_at": None} if field == "investigation_due" else {}
        Item.objects.filter(pk__in=ids).update(**{field: new}, **reset)
        moved_ids.update((pk, field) for pk in ids)
    for item, field, old, new in changes:
        if (item.pk, field) not in moved_ids:
            continue
        entries.append(
            {
                "case": item.case,
                "item": item,
                "actor": actor,
                "action": f"{field}_moved",
                "from_status": item.status,
                "to_status": item.status,
                "data": _data(field, old, new, days),
            }
        )
    events_record_entries(entries)
    for item, field, old, new in changes:
        if (item.pk, field) in moved_ids and field == "release_due":
            notify_item_changed(item, message=_message(field, old, new))
    return len(entries)


def _request_due(request: DetentionRequest) -> tuple[str, datetime] | None:
    """Return the clock the request runs in its state, computed again on today's calendar."""
    if request.status == R.SUBMITTED:
        return "review_due", add_working_days(request.submitted_at, review_working_days())
    if request.status == R.ACCEPTED and request.item_id is None and request.expires_at is not None:
        return "expires_at", request_expiry_due(
            expected_from=request.expected_from, expected_until=request.expected_until
        )
    if request.status == R.DETAINED and request.detained_at is not None:
        return "court_notice_due", add_working_days(request.detained_at, COURT_NOTICE_WORKING_DAYS)
    return None


def requests_clocks_recompute(*, days: list[date], actor=None, now: datetime) -> int:
    """Move the review, expiry and court-notice dates of open applications; return how many moved."""
    after = max(now, _start_of(min(days)))
    window_end = _start_of(max(days) + timedelta(days=1))
    open_requests = DetentionRequest.objects.select_related("holder", "office", "recordal").filter(
        Q(status=R.SUBMITTED, review_due__gt=after, submitted_at__lt=window_end)
        | Q(status=R.ACCEPTED, item__isnull=True, expires_at__gt=after)
        | Q(status=R.DETAINED, court_notice_due__gt=after, detained_at__lt=window_end)
    )
    moved = 0
    for request in open_requests.select_for_update(of=("self",)).order_by("pk"):
        clock = _request_due(request)
        if clock is None:
            continue
        field, new = clock
        old = getattr(request, field)
        if not _moved(old, new, now):
            continue
        DetentionRequest.objects.filter(pk=request.pk, status=request.status).update(**{field: new})
        setattr(request, field, new)
        audit_write(
            DetentionRequestEvent,
            actor=actor,
            action="due_moved",
            from_status=request.status,
            to_status=request.status,
            data=_data(field, old, new, days),
            request=request,
        )
        message = _message(field, old, new)
        if field == "review_due":
            notify_request_office(request, message=message)
        else:
            notify_request_holder(request, message=message)
        moved += 1
    return moved
