"""The administrators' watchlist pages (list, add, edit, deactivate, history, proposals) and the risk
section of the officer's case page (watchlist hits and repeat traders)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from confirmations import services
from confirmations.access import may_manage_watchlist, may_see_risk
from confirmations.repeat_traders import repeat_traders
from confirmations.watchlist import pending_proposals, watched_traders
from confirmations.watchlist_forms import DeactivateForm, TraderForm, WatchlistSearchForm
from confirmations.watchlist_models import WatchedTrader, WatchlistProposal
from portal.confirmation import form_run
from portal.pagination import countless_page, page_number
from portal.refusals import service_run

PAGE_SIZE = 25
TRADER_HITS = 20


def risk_context(user, case) -> dict:
    """Return the case page's risk section: why the parties matched, and their earlier cases."""
    if not may_see_risk(user, case):
        return {}
    hits = case.watchlist_hits.select_related("trader", "recordal").order_by("role", "-score", "pk")
    return {"hits": list(hits), "repeats": repeat_traders(user=user, case=case)}


def _admin_only(user) -> None:
    if not may_manage_watchlist(user):
        raise PermissionDenied


@login_required
def watchlist_list(request):
    """List and search the watched traders; link to the proposals awaiting a decision."""
    _admin_only(request.user)
    search = WatchlistSearchForm(request.GET or None)
    query, state = "", "active"
    if search.is_valid():
        query, state = search.cleaned_data["q"], search.cleaned_data["state"] or "active"
    page = countless_page(
        watched_traders(query=query, state=state), number=page_number(request.GET.get("page")), per_page=PAGE_SIZE
    )
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "confirmations/watchlist/list.html",
        {
            "search": search,
            "page": page,
            "query": querystring.urlencode(),
            "proposal_count": pending_proposals().count(),
        },
    )


def _trader_form_page(request, *, trader=None):
    initial = TraderForm.initial_for(trader) if trader else {"source": WatchedTrader.Source.JUDGMENT}
    form = TraderForm(request.POST or None, initial=initial)
    if trader is None:
        service, known = services.watched_trader_add, {}
        done = _("The trader is on the watchlist; new cases are matched against it.")
    else:
        service, known = services.watched_trader_update, {"trader_id": trader.pk}
        done = _("The trader's details are saved.")
    return form_run(
        request,
        form,
        service,
        arguments=lambda data: {"actor": request.user, **known, "data": form.trader_input()},
        done=done,
        next_url=lambda saved: saved,
        template="confirmations/watchlist/form.html",
        context={"trader": trader},
    )


@login_required
def watchlist_new(request):
    """Add a trader to the watchlist."""
    _admin_only(request.user)
    return _trader_form_page(request)


@login_required
def watchlist_edit(request, pk):
    """Change a watched trader's details."""
    _admin_only(request.user)
    return _trader_form_page(request, trader=get_object_or_404(WatchedTrader, pk=pk))


@login_required
def watchlist_detail(request, pk):
    """Show a watched trader: details, aliases, source, latest hits and its history."""
    _admin_only(request.user)
    trader = get_object_or_404(WatchedTrader.objects.select_related("source_case", "reporting_holder"), pk=pk)
    hits = trader.hits.select_related("case", "case__office").order_by("-case__created_at", "-pk")[:TRADER_HITS]
    return render(
        request,
        "confirmations/watchlist/detail.html",
        {
            "trader": trader,
            "aliases": list(trader.aliases.all()),
            "hits": list(hits),
            "events": list(trader.events.select_related("actor").order_by("created_at", "pk")),
        },
    )


@login_required
def watchlist_deactivate(request, pk):
    """Ask why, then stop matching the trader (it stays listed as no longer watched)."""
    _admin_only(request.user)
    trader = get_object_or_404(WatchedTrader, pk=pk, is_active=True)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = service_run(
            request,
            services.watched_trader_deactivate,
            actor=request.user,
            trader_id=trader.pk,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("The trader is no longer watched; new cases are not matched against it."))
        return redirect(trader)
    return render(request, "confirmations/watchlist/deactivate.html", {"form": form, "trader": trader})


@require_POST
@login_required
def watchlist_reactivate(request, pk):
    """Watch a deactivated trader again."""
    _admin_only(request.user)
    trader = get_object_or_404(WatchedTrader, pk=pk)
    if service_run(request, services.watched_trader_reactivate, actor=request.user, trader_id=trader.pk):
        messages.success(request, _("The trader is watched again."))
    return redirect(trader)


@login_required
def proposal_list(request):
    """List the consignors and consignees of confirmed infringements awaiting a decision, oldest first."""
    _admin_only(request.user)
    page = countless_page(pending_proposals(), number=page_number(request.GET.get("page")), per_page=PAGE_SIZE)
    return render(request, "confirmations/watchlist/proposals.html", {"page": page})


@require_POST
@login_required
def proposal_decide(request, pk, verdict):
    """Accept (list the trader, with the case as source) or dismiss a proposal, in one click."""
    if verdict not in ("accept", "dismiss"):
        raise Http404
    _admin_only(request.user)
    pk = get_object_or_404(WatchlistProposal, pk=pk).pk
    if verdict == "accept":
        trader = service_run(request, services.watchlist_proposal_accept, actor=request.user, proposal_id=pk)
        if trader is not None:
            messages.success(request, _("%(name)s is on the watchlist.") % {"name": trader.name})
    elif service_run(request, services.watchlist_proposal_dismiss, actor=request.user, proposal_id=pk):
        messages.success(request, _("The proposal is dismissed."))
    return redirect(reverse("confirmations:watchlist-proposals"))
