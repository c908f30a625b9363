"""Penalty decisions: administrators draft, review, publish and withdraw; anyone reads the published list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from confirmations.penalty_access import may_manage_penalties, published_penalties
from confirmations.penalty_forms import PenaltyForm, PenaltySearchForm, WithdrawForm, prefill
from confirmations.penalty_models import PenaltyDecision
from confirmations.services import penalties as services
from portal.confirmation import confirmed_run, form_run, named_action
from portal.refusals import service_run

PAGE_SIZE = 20
S = PenaltyDecision.Status


def _administrator(request) -> None:
    if not may_manage_penalties(request.user):
        raise PermissionDenied


@login_required
def penalty_manage(request):
    """List every penalty decision and the confirmed cases that have none yet (administrators)."""
    _administrator(request)
    decisions = PenaltyDecision.objects.select_related("case").order_by("-created_at", "-pk")
    awaiting = (
        services.confirmed_cases()
        .exclude(penalty_decisions__status__in=[S.DRAFT, S.REVIEWED, S.PUBLISHED])
        .select_related("office")
        .order_by("-committed_at", "-pk")[:PAGE_SIZE]
    )
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "confirmations/penalty_manage.html", {"page": page, "awaiting": awaiting})


@login_required
def penalty_new(request, case_pk):
    """Draft a penalty decision for a confirmed case, prefilled from the case."""
    _administrator(request)
    case = get_object_or_404(services.confirmed_cases().prefetch_related("items"), pk=case_pk)
    initial = {"decided_on": timezone.localdate(), **prefill(case)}
    form = PenaltyForm(request.POST or None, case=case, initial=initial)
    return form_run(
        request,
        form,
        services.penalty_draft,
        arguments=lambda data: {
            "admin": request.user,
            "case_id": case.pk,
            "recordal_id": data["recordal"],
            "text": form.text(),
        },
        done=_("The draft is saved; another administrator must review it."),
        next_url=_manage_detail_url,
        template="confirmations/penalty_form.html",
        context={"case": case, "decision": None},
    )


def _manage_detail_url(decision) -> str:
    return reverse("confirmations:penalty-manage-detail", args=[decision.pk])


@login_required
def penalty_edit(request, pk):
    """Correct a draft's texts."""
    _administrator(request)
    decision = get_object_or_404(PenaltyDecision.objects.select_related("case"), pk=pk)
    if decision.status != S.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("confirmations:penalty-manage-detail", decision.pk)
    initial = {name: getattr(decision, name) for name in services.PenaltyText.__dataclass_fields__}
    form = PenaltyForm(request.POST or None, case=decision.case, initial={**initial, "recordal": decision.recordal_id})
    form.fields["recordal"].disabled = True
    return form_run(
        request,
        form,
        services.penalty_revise,
        arguments=lambda data: {"admin": request.user, "decision_id": decision.pk, "text": form.text()},
        done=_("The draft is changed."),
        next_url=_manage_detail_url(decision),
        template="confirmations/penalty_form.html",
        context={"case": decision.case, "decision": decision},
    )


@login_required
def penalty_manage_detail(request, pk):
    """Show a decision as it will be (or is) published, with its history and the next step (administrators)."""
    _administrator(request)
    decision = get_object_or_404(PenaltyDecision.objects.select_related("case", "drafted_by", "reviewed_by"), pk=pk)
    events = decision.events.select_related("actor")
    return render(
        request,
        "confirmations/penalty_manage_detail.html",
        {"decision": decision, "events": events, "own_draft": decision.drafted_by_id == request.user.pk},
    )


CONSEQUENCES = {
    "review": (
        _("Review the penalty decision"),
        _("You confirm that the texts are right and publish nothing personal beyond what the decision publishes."),
        _("Any administrator may then publish it."),
        _("Mark as reviewed"),
    ),
    "publish": (
        _("Publish the penalty decision"),
        _("Anyone, without signing in, will read this decision in the public list, in English and Chinese."),
        _("It can be withdrawn later, with a reason, but not edited."),
        _("Publish"),
    ),
}


@login_required
def penalty_act(request, pk, action):
    """Review or publish a decision after a confirmation page that names the consequence."""
    _administrator(request)
    heading, first, second, label = named_action(CONSEQUENCES, action)
    decision = get_object_or_404(PenaltyDecision, pk=pk)
    if decision.status != (S.DRAFT if action == "review" else S.REVIEWED):
        messages.error(request, _("This decision is now “%(status)s”.") % {"status": decision.get_status_display()})
        return redirect("confirmations:penalty-manage-detail", decision.pk)
    service = services.penalty_review if action == "review" else services.penalty_publish
    back = reverse("confirmations:penalty-manage-detail", args=[decision.pk])
    return confirmed_run(
        request,
        run=lambda: service_run(request, service, admin=request.user, decision_id=decision.pk),
        done=_("The decision is reviewed.") if action == "review" else _("The decision is published."),
        next_url=back,
        refused_url=back,
        confirmed_only=True,
        heading=heading,
        consequences=[f"{decision.number}: {decision.trader}", first, second],
        confirm_label=label,
        cancel_url=back,
    )


@login_required
def penalty_withdraw(request, pk):
    """Withdraw a published decision, saying why; it leaves the public list, its record stays."""
    _administrator(request)
    decision = get_object_or_404(PenaltyDecision, pk=pk)
    form = WithdrawForm(request.POST or None)
    return form_run(
        request,
        form,
        services.penalty_withdraw,
        arguments=lambda data: {"admin": request.user, "decision_id": decision.pk, "reason": data["reason"]},
        done=_("The decision is withdrawn from the public list."),
        next_url=_manage_detail_url(decision),
        template="confirmations/penalty_withdraw.html",
        context={"decision": decision},
    )


@require_GET
def penalty_public_list(request):
    """List the published penalty decisions, newest first, searchable; no sign-in needed."""
    form = PenaltySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page = Paginator(published_penalties(query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "confirmations/penalty_public_list.html",
        {"form": form, "page": page, "query": urlencode({"q": query}) if query else ""},
    )


@require_GET
def penalty_public_detail(request, pk):
    """Show one published penalty decision; a draft or a withdrawn one does not exist for the public."""
    decision = get_object_or_404(PenaltyDecision.objects.published(), pk=pk)
    return render(request, "confirmations/penalty_public_detail.html", {"decision": decision})
