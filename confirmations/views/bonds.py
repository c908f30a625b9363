"""General bonds (holders register, administrators confirm) and the holder's webhooks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from confirmations import services
from confirmations.access import bonds_visible_to
from confirmations.forms import GeneralBondForm, WebhookForm
from confirmations.models import GENERAL_BOND_MINIMUM, GeneralBond
from portal.access import holder_of, is_administrator, organization_of
from portal.confirmation import confirmed_run, named_action
from portal.notices.models import WebhookEndpoint
from portal.notices.webhooks import webhook_events_of, webhooks_of
from portal.refusals import service_run
from portal.templatetags.portal_format import money

PAGE_SIZE = 50


@login_required
def bond_list(request):
    """List general bonds; a holder registers one, an administrator confirms or rejects them."""
    admin = is_administrator(request.user)
    holder = holder_of(request.user)
    if not admin and holder is None and organization_of(request.user) is None:
        raise PermissionDenied
    form = GeneralBondForm(
        request.POST or None, initial={"year": timezone.localdate().year, "amount_cny": GENERAL_BOND_MINIMUM}
    )
    if request.method == "POST":
        if holder is None:
            raise PermissionDenied
        if form.is_valid():
            bond = service_run(
                request, services.general_bond_register, user=request.user, holder=holder, **form.cleaned_data
            )
            if bond is not None:
                messages.success(request, _("The general bond is registered; customs will confirm it."))
                return redirect("confirmations:bonds")
    bonds = bonds_visible_to(request.user).select_related("holder")
    page = Paginator(bonds, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "confirmations/bonds.html", {"page": page, "form": form if holder else None, "admin": admin})


BOND_VERDICTS = {
    "confirm": (
        _("Confirm the general bond of %(holder)s for %(year)s?"),
        _("Confirm: the bond will cover every trademark application of %(holder)s in %(year)s"),
        _("Detention applications of %(holder)s filed in %(year)s need no case bond up to %(amount)s CNY."),
        _("The bond is confirmed."),
    ),
    "reject": (
        _("Reject the general bond of %(holder)s for %(year)s?"),
        _("Reject: the holder must register a new bond"),
        _("%(holder)s is told and must register a new bond; until then each application needs its own bond."),
        _("The bond is rejected."),
    ),
}


@login_required
def bond_decide(request, pk, verdict):
    """Ask before confirming or rejecting a submitted general bond (GET), then decide it (administrators)."""
    heading, confirm_label, consequence, done = named_action(BOND_VERDICTS, verdict)
    if not is_administrator(request.user):
        raise PermissionDenied
    bond = get_object_or_404(GeneralBond.objects.select_related("holder"), pk=pk)
    names = {"holder": bond.holder.name, "year": bond.year, "amount": money(bond.amount_cny)}
    back = reverse("confirmations:bonds")
    return confirmed_run(
        request,
        run=lambda: service_run(
            request, services.general_bond_decide, admin=request.user, bond_id=bond.pk, confirm=verdict == "confirm"
        ),
        done=done,
        next_url=back,
        refused_url=back,
        confirmed_only=True,
        heading=heading % names,
        consequences=[consequence % names],
        confirm_label=confirm_label % names,
        danger=verdict == "reject",
        facts=[
            (_("Holder"), bond.holder.name),
            (_("Year"), bond.year),
            (_("Bank"), bond.bank),
            (_("Reference"), bond.reference),
            (_("Amount (CNY)"), money(bond.amount_cny)),
            (_("Status"), bond.get_status_display()),
        ],
        cancel_url=back,
    )


@login_required
def webhooks(request):
    """List, add and remove the holder's webhooks; a new one's secret is shown once."""
    holder = holder_of(request.user)
    if holder is None:
        raise PermissionDenied
    initial = {"language": translation.get_language()}
    form = WebhookForm(initial=initial)
    created = None
    if request.method == "POST":
        if "remove" in request.POST:
            try:
                services.webhook_remove(user=request.user, endpoint_id=int(request.POST["remove"]))
            except (WebhookEndpoint.DoesNotExist, ValueError):
                raise Http404
            messages.success(request, _("The webhook is removed."))
            return redirect("confirmations:webhooks")
        form = WebhookForm(request.POST)
        if form.is_valid():
            created = service_run(request, services.webhook_add, user=request.user, **form.cleaned_data)
            form = WebhookForm(initial=initial) if created else form
    endpoints = Paginator(webhooks_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": endpoints,
        "events": webhook_events_of(request.user)[:50],
        "form": form,
        "created": created,
    }
    return render(request, "confirmations/webhooks.html", context)
