"""The live timeline: the events a case or item page has not shown yet, and its status badge.

The page asks with ``?after=<the last event's sequence number>``; with nothing new the answer costs one
query beyond the access check. The same access rules as the pages apply (404 for what the user may not see).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from confirmations.access import cases_visible_to, items_visible_to, sees_whole_case

POLL_SECONDS = 12


def _after(request) -> int:
    value = request.GET.get("after", "")
    return int(value) if value.isdigit() and len(value) < 10 else 0


def _answer(request, events, *, after: int, status: str, label) -> JsonResponse:
    """Answer the status and the events after ``after``, each as the timeline entry the page shows."""
    rows = list(events.filter(seq__gt=after).select_related("actor").order_by("seq"))
    return JsonResponse(
        {
            "last": rows[-1].seq if rows else after,
            "status": status,
            "status_label": str(label),
            "events": [
                {
                    "seq": event.seq,
                    "label": str(event.action_label()),
                    "html": render_to_string(
                        "confirmations/_timeline_event.html", {"event": event}, request, using="jinja2"
                    ),
                }
                for event in rows
            ],
        }
    )


def case_events_seen(user, case):
    """The case's events the user sees: all of them for the case's office and administrators, else its items'."""
    events = case.events.all()
    if not sees_whole_case(user, case):
        events = events.filter(item__in=items_visible_to(user).filter(case=case).values("pk"))
    return events


def last_event_seq(user, case) -> int:
    """The sequence number of the last event of the case the user sees (0 when none): the page's version."""
    return case_events_seen(user, case).aggregate(last=Max("seq"))["last"] or 0


@never_cache
@require_GET
@login_required
def case_events(request, pk):
    """Answer the case's status and the events after ``?after=`` that the user sees on the case page."""
    case = get_object_or_404(cases_visible_to(request.user), pk=pk)
    events = case_events_seen(request.user, case)
    return _answer(request, events, after=_after(request), status=case.status, label=case.get_status_display())


@never_cache
@require_GET
@login_required
def item_events(request, pk):
    """Answer the item's status and its events after ``?after=``, as on the item page."""
    item = get_object_or_404(items_visible_to(request.user), pk=pk)
    label = item.get_status_display()
    return _answer(request, item.events.all(), after=_after(request), status=item.status, label=label)
