"""The risk figures page (customs staff) and the service figures page (holders, administrators)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from confirmations.figures_forms import PeriodForm, ServiceFiguresForm
from confirmations.risk_figures import may_see_risk_figures, risk_figures_for
from confirmations.service_figures import service_figures_for
from confirmations.stats import period_of
from portal.access import is_administrator


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _filters(form) -> dict:
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


@login_required
def risk_figures_page(request):
    """Show hit rates by channel, origin, HS chapter and office for a period (officers: their office)."""
    if not may_see_risk_figures(request.user):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    filters = _filters(form)
    data = risk_figures_for(request.user, period=period_of(since=filters.get("since"), until=filters.get("until")))
    for name in ("by_channel", "by_origin", "by_hs_chapter", "by_office"):
        for row in data[name]:
            row["percent"] = _percent(row["hit_rate"])
    return render(
        request,
        "confirmations/risk_figures.html",
        {"form": form, "data": data, "percent": _percent(data["hit_rate"])},
    )


@login_required
def service_figures_page(request):
    """Show the holder's own service figures, or every holder's side by side to an administrator."""
    admin = is_administrator(request.user)
    form = ServiceFiguresForm(request.GET or None)
    if not admin:
        del form.fields["order"]
    filters = _filters(form)
    data = service_figures_for(
        request.user,
        period=period_of(since=filters.get("since"), until=filters.get("until")),
        order=filters.get("order") or "slowest",
    )
    for row in data["holders"]:
        row["percent"] = _percent(row["in_time_share"])
    return render(
        request,
        "confirmations/service_figures.html",
        {"form": form, "data": data, "admin": admin},
    )
