"""The administrators' review desk: the queue, a filing's review, a modification's review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.confirmation import confirmation_page
from portal.refusals import REFUSALS, refusal_show
from recordals import access, services
from recordals.forms import ReasonForm
from recordals.models import Modification, Recordal
from recordals.selectors import (
    REVIEW_LIMIT_WORKING_DAYS,
    pending_modifications,
    recordal_timeline,
    review_queue_recordals,
)
from recordals.selectors import review_queue as queue_entries

PAGE_SIZE = 50


def _require_reviewer(user):
    if not access.may_review(user):
        raise PermissionDenied(_("Only the customs IPR department reviews recordals."))


def _confirm_page(request, *, decision, form, heading, approved, names):
    """Ask before a decision: approving says what ``approved`` lists; rejecting, that the holder is told why."""
    hidden = [("decision", decision)]
    if decision == "approve":
        consequences, label = approved, _("Confirm: approve")
    else:
        reason = form.cleaned_data["reason"]
        hidden.append(("reason", reason))
        consequences = [_("%(holder)s is told of the rejection with this reason:") % names, reason]
        label = _("Confirm: reject")
    return confirmation_page(
        request,
        heading=heading,
        consequences=consequences,
        confirm_label=label,
        danger=decision == "reject",
        hidden=hidden,
        cancel_url=request.path,
    )


def _confirm_recordal(request, recordal, decision, form):
    """Ask before approving or rejecting a filing or renewal, naming what follows."""
    names = {"title": recordal.title, "holder": recordal.holder.name}
    renewal = recordal.status == Recordal.Status.RENEWAL_REQUESTED
    if decision == "approve":
        heading = _("Approve the renewal of “%(title)s”?") if renewal else _("Approve “%(title)s”?")
    else:
        heading = _("Reject “%(title)s”?")
    approved = [
        (
            _("The recordal is renewed for 10 years (never past the right's own expiry); %(holder)s is told.")
            if renewal
            else _("A recordal number is issued and the recordal is in force for 10 years; %(holder)s is told.")
        )
        % names,
        _("Officers find it when they search for suspect goods."),
    ]
    return _confirm_page(request, decision=decision, form=form, heading=heading % names, approved=approved, names=names)


def _confirm_modification(request, modification, decision, form):
    """Ask before approving or rejecting a modification request, naming what follows."""
    names = {"number": modification.recordal.number, "holder": modification.recordal.holder.name}
    if decision == "approve":
        heading = _("Approve the modification of %(number)s?") % names
    else:
        heading = _("Reject the modification of %(number)s?") % names
    approved = [_("The recorded values are replaced by the requested ones; %(holder)s is told.") % names]
    return _confirm_page(request, decision=decision, form=form, heading=heading, approved=approved, names=names)


@login_required
def review_queue(request):
    """List filings and renewals awaiting review, oldest first, with working days left."""
    _require_reviewer(request.user)
    page = Paginator(review_queue_recordals(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recordals/review_queue.html",
        {
            "page": page,
            "entries": queue_entries(page.object_list),
            "limit": REVIEW_LIMIT_WORKING_DAYS,
            "modifications": pending_modifications()[:100],
        },
    )


def _reason_form(request):
    """The rejection's reason form, bound only when the decision sent is a rejection."""
    return ReasonForm(request.POST if request.POST.get("decision") == "reject" else None)


def _review_page(request, form, *, confirm, approve, reject, back: str, page):
    """Handle a reviewer's decision: ask first, then approve or reject (each returns its success message).

    Show ``page()`` on a GET, or again when a rejection came without a reason.
    """
    if request.method != "POST":
        return page()
    decision = request.POST.get("decision")
    if decision in ("approve", "reject") and request.POST.get("confirmed") != "yes":
        if decision == "approve" or form.is_valid():
            return confirm(decision)
    try:
        if decision == "approve":
            messages.success(request, approve())
            return redirect("recordals:review-queue")
        if form.is_valid():
            messages.success(request, reject(form.cleaned_data["reason"]))
            return redirect("recordals:review-queue")
    except REFUSALS as error:
        refusal_show(request, error)
        return redirect(back)
    return page()


@login_required
def recordal_review(request, pk):
    """Show a filing or renewal request for review; approve it, or reject it with a reason."""
    _require_reviewer(request.user)
    recordal = get_object_or_404(
        Recordal.objects.select_related("holder").prefetch_related("goods", "parties", "images", "documents"), pk=pk
    )
    form = _reason_form(request)

    def approve():
        approved = services.recordal_approve(actor=request.user, recordal=recordal)
        return _("Approved; recordal number %(number)s was issued.") % {"number": approved.number}

    def reject(reason):
        services.recordal_reject(actor=request.user, recordal=recordal, reason=reason)
        return _("Rejected; the holder was told why.")

    return _review_page(
        request,
        form,
        confirm=lambda decision: _confirm_recordal(request, recordal, decision, form),
        approve=approve,
        reject=reject,
        back=reverse("recordals:review", args=[recordal.pk]),
        page=lambda: render(
            request,
            "recordals/review.html",
            {
                "recordal": recordal,
                "images": recordal.images.all(),
                "documents": recordal.documents.all(),
                "events": recordal_timeline(recordal),
                "form": form,
                "decidable": recordal.status in (Recordal.Status.SUBMITTED, Recordal.Status.RENEWAL_REQUESTED),
            },
        ),
    )


@login_required
def modification_review(request, pk):
    """Show a modification request beside the recorded values; approve it, or reject it with a reason."""
    _require_reviewer(request.user)
    modification = get_object_or_404(Modification.objects.select_related("recordal__holder", "requested_by"), pk=pk)
    form = _reason_form(request)

    def approve():
        services.modification_approve(actor=request.user, modification=modification)
        return _("Modification approved and applied.")

    def reject(reason):
        services.modification_reject(actor=request.user, modification=modification, reason=reason)
        return _("Modification rejected.")

    return _review_page(
        request,
        form,
        confirm=lambda decision: _confirm_modification(request, modification, decision, form),
        approve=approve,
        reject=reject,
        back=reverse("recordals:modification-review", args=[modification.pk]),
        page=lambda: _modification_page(request, modification, form),
    )


def _modification_page(request, modification, form):
    recordal = modification.recordal
    rows = [
        {"field": Recordal._meta.get_field(name).verbose_name, "old": getattr(recordal, name), "new": value}
        for name, value in modification.changes.items()
    ]
    return render(
        request,
        "recordals/modification_review.html",
        {"modification": modification, "recordal": recordal, "rows": rows, "form": form},
    )
