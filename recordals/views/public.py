"""The public lookup page: a recordal's summary by number or mark, no login, rate-limited."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.throttling import PublicLookupThrottle, page_wait
from recordals.access import PUBLIC_STATUSES
from recordals.forms import LookupForm
from recordals.models import Recordal
from recordals.search import search_recordals

RESULTS = 20


@require_GET
def public_lookup(request):
    """Look up recordals by number or mark and show only their public summary."""
    form = LookupForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        wait = page_wait(request, PublicLookupThrottle())
        if wait is not None:
            response = render(
                request,
                "recordals/lookup.html",
                {"form": form, "limited": _("Too many lookups; try again in a minute.")},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        results = list(
            search_recordals(
                base=Recordal.objects.filter(status__in=PUBLIC_STATUSES).select_related("holder"),
                query=form.cleaned_data["q"],
                include_inactive=True,
            )[:RESULTS]
        )
    return render(request, "recordals/lookup.html", {"form": form, "results": results})
