"""Pages of tips: the holder side sends them and sees what became of them; the office's queue by expected
arrival, with "used" (naming the case) and "not used" (with a note) behind a confirmation step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, F, Prefetch, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from confirmations.models import Tip, TipEvent
from confirmations.request_access import may_handle_tip, tips_visible_to
from confirmations.request_forms import MarkNotUsedForm, MarkUsedForm, TipForm
from confirmations.services import FieldErrors
from confirmations.services.tips import TipInput, tip_mark_not_used, tip_mark_used, tip_send
from portal.access import Need, holders_acted_for, is_holder_side, is_officer
from portal.confirmation import form_run, named_action
from portal.errors import Refused
from portal.refusals import refusal_show


@login_required
def tip_list(request):
    """The holder side's tips (newest first), or the office's queue (unhandled first, by expected arrival)."""
    officer = is_officer(request.user)
    rows = tips_visible_to(request.user).select_related("holder", "office", "case")
    if officer:
        unhandled_first = Case(When(status=Tip.Status.NEW, then=Value(0)), default=Value(1))
        rows = rows.order_by(unhandled_first, F("expected_arrival").asc(nulls_last=True), "pk")
    else:
        rows = rows.order_by("-submitted_at", "-pk")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "confirmations/tip_list.html",
        {"page": page, "officer": officer, "may_send": is_holder_side(request.user)},
    )


@login_required
def tip_new(request):
    """The holder side's tip form."""
    if not is_holder_side(request.user):
        raise PermissionDenied
    holders = holders_acted_for(request.user, Need.FILE).order_by("name")
    form = TipForm(request.POST or None, user=request.user, holders=holders)
    return form_run(
        request,
        form,
        tip_send,
        arguments=lambda data: {"user": request.user, "data": _tip_input(data, holders)},
        done=_("Your tip is sent to the office."),
        next_url=lambda tip: tip,
        template="confirmations/tip_form.html",
        context={},
    )


def _tip_input(data, holders) -> TipInput:
    """The tip as the service takes it; the holder is the only one the user acts for when none is chosen."""
    holder = data.get("holder") or (holders.first() if len(holders) == 1 else None)
    return TipInput(
        office_id=data["office"].pk,
        recordal_id=data["recordal"].pk if data["recordal"] else None,
        holder_id=holder.pk if holder else None,
        subject=data["subject"],
        identifiers=data["identifiers"],
        expected_arrival=data["expected_arrival"],
        details=data["details"],
    )


def _visible(request, pk):
    rows = tips_visible_to(request.user).select_related("holder", "office", "recordal", "case")
    return get_object_or_404(
        rows.prefetch_related(Prefetch("events", queryset=TipEvent.objects.select_related("actor"))), pk=pk
    )


@login_required
def tip_detail(request, pk):
    """The tip and what became of it."""
    tip = _visible(request, pk)
    return render(request, "confirmations/tip_detail.html", {"tip": tip, "handler": may_handle_tip(request.user, tip)})


ACTIONS = {
    "mark-used": (_("Mark the tip used"), _("The holder sees that the tip led to the case you name.")),
    "mark-not-used": (_("Mark the tip not used"), _("The holder sees that the tip was not used, with your note.")),
}


@login_required
def tip_act(request, pk, action):
    """Show the confirmation step (GET), then mark the tip (POST)."""
    title, consequence = named_action(ACTIONS, action)
    tip = _visible(request, pk)
    if not may_handle_tip(request.user, tip):
        raise PermissionDenied
    used = action == "mark-used"
    form = MarkUsedForm(request.POST or None, office=tip.office) if used else MarkNotUsedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if used:
                tip_mark_used(officer=request.user, tip_id=tip.pk, case_id=data["case"].pk, note=data["note"])
            else:
                tip_mark_not_used(officer=request.user, tip_id=tip.pk, note=data["note"])
        except FieldErrors as exc:
            refusal_show(request, exc, form=form)
        except Refused as exc:
            messages.error(request, str(exc))
            return redirect(tip)
        else:
            messages.success(request, _("The tip is marked."))
            return redirect(tip)
    return render(
        request,
        "confirmations/request_action.html",
        {"tip": tip, "title": title, "consequence": consequence, "form": form, "danger": not used},
    )
