"""Officers' recordal search: the page and the search-as-you-type JSON."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.access import is_customs_staff
from recordals.access import recordals_visible_to
from recordals.forms import SearchForm
from recordals.search import search_recordals

PAGE_SIZE = 20
SUGGESTIONS = 20


def _require_searcher(user):
    if not is_customs_staff(user):
        raise PermissionDenied(_("Recordal search is for customs staff."))


def _search(user, data: dict):
    return search_recordals(
        base=recordals_visible_to(user),
        query=data.get("q") or "",
        holder=data.get("holder") or "",
        nice_class=data.get("nice_class"),
        hs_code=data.get("hs_code") or "",
        include_inactive=bool(data.get("include_inactive")),
    )


@require_GET
@login_required
def search_page(request):
    """Search recordals by mark (fuzzy), number, holder, Nice class and HS code."""
    _require_searcher(request.user)
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid() and any(form.cleaned_data.values()):
        results = _search(request.user, form.cleaned_data).select_related("holder").prefetch_related("images")
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "recordals/search.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@login_required
def search_json(request):
    """Answer the best matches for a partly typed mark or number, for pickers and the search box."""
    _require_searcher(request.user)
    form = SearchForm(request.GET)
    if not form.is_valid() or not any(form.cleaned_data.values()):
        return JsonResponse({"results": []})
    results = _search(request.user, form.cleaned_data).select_related("holder").prefetch_related("images")
    return JsonResponse({"results": [suggestion(r) for r in results[:SUGGESTIONS]]})


def suggestion(recordal) -> dict:
    """Return the fields a picker shows for one recordal."""
    marks = [i for i in recordal.images.all() if i.kind == "mark"] or list(recordal.images.all())
    return {
        "id": recordal.pk,
        "number": recordal.number,
        "title": recordal.title,
        "holder": recordal.holder.name,
        "right_type": recordal.right_type,
        "nice_classes": recordal.nice_classes,
        "status": recordal.status,
        "valid_until": recordal.valid_until.isoformat() if recordal.valid_until else None,
        "thumbnail": marks[0].get_thumbnail_url() if marks else None,
        "url": recordal.get_absolute_url(),
    }
