"""The administrators' review desk: the queue, a filing's review, a modification's review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

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


@login_required
def recordal_review(request, pk):
    """Show a filing or renewal request for review; approve it, or reject it with a reason."""
    _require_reviewer(request.user)
    recordal = get_object_or_404(
        Recordal.objects.select_related("holder").prefetch_related("goods", "parties", "images", "documents"), pk=pk
    )
    form = ReasonForm(request.POST if request.POST.get("decision") == "reject" else None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                recordal = services.recordal_approve(actor=request.user, recordal=recordal)
                messages.success(request, _("Approved."))
                return redirect("recordals:review-queue")
            if form.is_valid():
                services.recordal_reject(actor=request.user, recordal=recordal, reason=form.cleaned_data["reason"])
                messages.success(request, _("Rejected; the holder was told why."))
                return redirect("recordals:review-queue")
        except services.RecordalError as error:
            messages.error(request, error.message)
            return redirect("recordals:review", pk=recordal.pk)
    return render(
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
    )


@login_required
def modification_review(request, pk):
    """Show a modification request beside the recorded values; approve it, or reject it with a reason."""
    _require_reviewer(request.user)
    modification = get_object_or_404(Modification.objects.select_related("recordal__holder", "requested_by"), pk=pk)
    form = ReasonForm(request.POST if request.POST.get("decision") == "reject" else None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                services.modification_approve(actor=request.user, modification=modification)
                messages.success(request, _("Modification approved and applied."))
                return redirect("recordals:review-queue")
            if form.is_valid():
                services.modification_reject(
                    actor=request.user, modification=modification, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Modification rejected."))
                return redirect("recordals:review-queue")
        except services.RecordalError as error:
            messages.error(request, error.message)
            return redirect("recordals:modification-review", pk=modification.pk)
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
