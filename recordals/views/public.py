"""The public lookup page: a recordal's summary by number or mark, no login, rate-limited."""

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from recordals.access import PUBLIC_STATUSES
from recordals.forms import LookupForm
from recordals.models import Recordal
from recordals.search import search_recordals

LOOKUPS_PER_MINUTE = 30
RESULTS = 20


def _over_limit(request) -> bool:
    """Count this lookup against the client's address; return whether it is past the limit."""
    key = f"recordals:lookup:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=60)
    try:
        return cache.incr(key) > LOOKUPS_PER_MINUTE
    except ValueError:
        return False


@require_GET
def public_lookup(request):
    """Look up recordals by number or mark and show only their public summary."""
    form = LookupForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        if _over_limit(request):
            response = render(
                request,
                "recordals/lookup.html",
                {"form": form, "limited": _("Too many lookups; try again in a minute.")},
                status=429,
            )
            response["Retry-After"] = "60"
            return response
        results = list(
            search_recordals(
                base=Recordal.objects.filter(status__in=PUBLIC_STATUSES).select_related("holder"),
                query=form.cleaned_data["q"],
                include_inactive=True,
            )[:RESULTS]
        )
    return render(request, "recordals/lookup.html", {"form": form, "results": results})
