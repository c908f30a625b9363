"""Pages of the holder side (and everyone's detail page): list, filing form, detail, actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.access import is_holder_side, is_officer
from portal.confirmation import form_run
from portal.refusals import REFUSALS, refusal_show
from portal.workdays.calendar import local_date
from recordals import access, services
from recordals.forms import (
    AttachmentsForm,
    GoodsFormSet,
    ModificationForm,
    OptionalReasonForm,
    PartyFormSet,
    RecordalForm,
    formset_lines,
)
from recordals.models import Recordal
from recordals.selectors import recordal_timeline
from recordals.services.filing import GOODS_FIELDS, PARTY_FIELDS

PAGE_SIZE = 25


@login_required
def recordal_list(request):
    """List the recordals the user may see, newest first, filtered by status."""
    if is_officer(request.user):
        return redirect("recordals:search")
    recordals = access.recordals_visible_to(request.user).select_related("holder")
    status = request.GET.get("status", "")
    if status in Recordal.Status.values:
        recordals = recordals.filter(status=status)
    page = Paginator(recordals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recordals/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Recordal.Status.choices,
            "may_file": access.filing_holders(request.user).exists(),
            "query": f"status={status}" if status else "",
        },
    )


def _filing_forms(request, recordal=None, holders=None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    goods_initial = [
        {name: getattr(line, name) for name in GOODS_FIELDS} for line in (recordal.goods.all() if recordal else ())
    ]
    party_initial = [
        {name: getattr(p, name) for name in PARTY_FIELDS} for p in (recordal.parties.all() if recordal else ())
    ]
    return {
        "form": RecordalForm(data, instance=recordal, holders=holders),
        "goods": GoodsFormSet(data, prefix="goods", initial=goods_initial or None),
        "parties": PartyFormSet(data, prefix="parties", initial=party_initial or None),
        "attachments": AttachmentsForm(data, files),
    }


def _save_filing(request, forms, recordal=None):
    fields = {k: v for k, v in forms["form"].cleaned_data.items() if k != "holder"}
    goods, parties = formset_lines(forms["goods"]), formset_lines(forms["parties"])
    attachments = forms["attachments"]
    images = []
    try:
        with transaction.atomic():
            if recordal is None:
                holder = forms["form"].cleaned_data.get("holder") or request.user.organization
                recordal = services.recordal_create(
                    actor=request.user, holder=holder, goods=goods, parties=parties, **fields
                )
            else:
                recordal = services.recordal_update(
                    actor=request.user, recordal=recordal, fields=fields, goods=goods, parties=parties
                )
            if attachments.images():
                images = services.recordal_images_add(
                    actor=request.user, recordal=recordal, images=attachments.images()
                )
            if attachments.pdfs():
                services.recordal_documents_add(actor=request.user, recordal=recordal, documents=attachments.pdfs())
    except BaseException:
        for image in images:
            image.delete_files()
        raise
    return recordal


def _filing_page(request, forms, *, done, recordal=None):
    """Save valid filing forms (a refusal shown on the main form) and go to the recordal saying ``done``;
    else show the forms again."""
    if request.method == "POST" and all(f.is_valid() for f in forms.values()):
        try:
            saved = _save_filing(request, forms, recordal)
        except REFUSALS as error:
            refusal_show(request, error, form=forms["form"])
        else:
            messages.success(request, done)
            return redirect(saved)
    return render(request, "recordals/form.html", {**forms, "recordal": recordal})


@login_required
def recordal_new(request):
    """Draft a new recordal for the user's holder (or, for an agent, a holder it files for)."""
    holders = access.filing_holders(request.user)
    if not is_holder_side(request.user) or not holders.exists():
        raise PermissionDenied(_("Only a rights holder or its agent files recordals."))
    forms = _filing_forms(request, holders=holders if request.user.organization.kind == "agent" else None)
    return _filing_page(request, forms, done=_("Draft saved. Submit it when it is complete."))


@login_required
def recordal_edit(request, pk):
    """Correct a draft or a rejected filing."""
    recordal = get_object_or_404(access.recordals_visible_to(request.user), pk=pk)
    if not access.may_edit(request.user, recordal):
        raise PermissionDenied(_("Only a draft or a rejected filing can be edited, by its holder side."))
    forms = _filing_forms(request, recordal=recordal)
    return _filing_page(request, forms, done=_("Changes saved."), recordal=recordal)


@login_required
def recordal_detail(request, pk):
    """Show a recordal with its images, goods, parties, guide, documents and timeline."""
    recordal = get_object_or_404(
        access.recordals_visible_to(request.user)
        .select_related("holder")
        .prefetch_related("goods", "parties", "images"),
        pk=pk,
    )
    user = request.user
    may_file = access.may_file(user, recordal)
    in_force = recordal.status in Recordal.IN_FORCE_STATUSES
    today = local_date(timezone.now())
    opens_on = recordal.renewal_opens_on()
    pending = recordal.modifications.filter(status="pending").first()
    context = {
        "recordal": recordal,
        "images": recordal.images.all(),
        "documents": access.documents_visible_to(user).filter(recordal=recordal),
        "events": recordal_timeline(recordal),
        "modifications": access.modifications_visible_to(user).filter(recordal=recordal),
        "may_edit": may_file and recordal.is_editable(),
        "may_submit": may_file and recordal.is_editable(),
        "may_renew": may_file and recordal.is_renewable(today),
        "renewal_opens_on": opens_on
        if may_file and recordal.status == Recordal.Status.APPROVED and today < opens_on
        else None,
        "may_cancel": in_force and access.may_cancel(user, recordal),
        "may_modify": may_file and in_force and pending is None,
        "may_review": access.may_review(user)
        and recordal.status in (Recordal.Status.SUBMITTED, Recordal.Status.RENEWAL_REQUESTED),
        "pending_modification": pending,
        "cancel_form": OptionalReasonForm(),
    }
    return render(request, "recordals/detail.html", context)


ACTIONS = {
    "submit": (services.recordal_submit, gettext_lazy("Submitted for review.")),
    "renew": (services.recordal_renew, gettext_lazy("Renewal requested; the administrators will review it.")),
}


@require_POST
@login_required
def recordal_action(request, pk, verb):
    """Submit, request renewal or cancel from the detail page."""
    recordal = get_object_or_404(access.recordals_visible_to(request.user), pk=pk)
    try:
        if verb == "cancel":
            form = OptionalReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.recordal_cancel(actor=request.user, recordal=recordal, reason=reason)
            messages.success(request, _("The recordal was cancelled."))
        elif verb in ACTIONS:
            service, done = ACTIONS[verb]
            service(actor=request.user, recordal=recordal)
            messages.success(request, done)
        else:
            raise PermissionDenied(_("Unknown action."))
    except REFUSALS as error:
        refusal_show(request, error)
    return redirect(recordal)


@login_required
def recordal_modify(request, pk):
    """Request a modification of a recordal in force."""
    recordal = get_object_or_404(access.recordals_visible_to(request.user), pk=pk)
    if not access.may_file(request.user, recordal):
        raise PermissionDenied(_("You may not file for this holder."))
    form = ModificationForm(request.POST or None, recordal=recordal)
    return form_run(
        request,
        form,
        services.modification_request,
        arguments=lambda data: {
            "actor": request.user,
            "recordal": recordal,
            "changes": form.changes(),
            "explanation": data["explanation"],
        },
        done=_("Modification requested; the administrators will review it."),
        next_url=recordal,
        template="recordals/modify.html",
        context={"recordal": recordal},
    )


@require_POST
@login_required
def image_remove(request, pk):
    """Take an image off a draft or rejected filing, from the edit page."""
    image = get_object_or_404(access.images_visible_to(request.user).select_related("recordal"), pk=pk)
    try:
        services.recordal_image_remove(actor=request.user, image=image)
    except REFUSALS as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("Image removed."))
    return redirect("recordals:edit", pk=image.recordal_id)
