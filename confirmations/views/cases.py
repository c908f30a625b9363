"""The officer's pages: case list, filing form, case page with live updates, actions, printable notices."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from confirmations import services
from confirmations.access import (
    cases_visible_to,
    items_visible_to,
    may_act_as_officer,
    may_file_cases,
    sees_whole_case,
)
from confirmations.forms import (
    CounterGuaranteeForm,
    InvestigationForm,
    ItemFormSet,
    ReleaseForm,
    ShipmentForm,
)
from confirmations.models import Case, Item
from confirmations.views.common import run_service
from portal.access import is_administrator, is_officer
from portal.api import token_or_login_required
from portal.pagination import countless_page, page_number
from portal.uploads import verify_image


def _customs_only(user):
    if not (is_officer(user) or is_administrator(user)):
        raise PermissionDenied


@login_required
def case_list(request):
    """List the cases of the officer's office (administrators: all), newest first."""
    _customs_only(request.user)
    cases = cases_visible_to(request.user).select_related("office")
    status = request.GET.get("status")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    page = countless_page(
        cases.order_by("-created_at", "-pk"), number=page_number(request.GET.get("page")), per_page=25
    )
    counts = {
        row["case_id"]: row
        for row in Item.objects.filter(case_id__in=[case.pk for case in page])
        .values("case_id")
        .annotate(
            item_count=Count("pk"),
            pending_count=Count("pk", filter=Q(status=Item.Status.PENDING)),
            answered_count=Count("pk", filter=~Q(status=Item.Status.PENDING)),
        )
    }
    for case in page:
        row = counts.get(case.pk, {})
        case.item_count, case.pending_count = row.get("item_count", 0), row.get("pending_count", 0)
        case.answered_count = row.get("answered_count", 0)
    return render(request, "confirmations/case_list.html", {"page": page, "status": status})


def _item_inputs(request, formset) -> tuple[list[services.ItemInput], bool]:
    """Verify each item's photos and build the service input; mark errors on the item forms."""
    entries, ok = [], True
    for index, form in enumerate(formset.forms):
        photos = []
        for upload in request.FILES.getlist(f"photos-{index}"):
            try:
                photos.append(verify_image(upload))
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
                ok = False
        if form.is_valid():
            data = form.cleaned_data
            entries.append(
                services.ItemInput(
                    recordal_id=data["recordal"].pk,
                    description=data["description"],
                    quantity=data["quantity"],
                    value=data["value"],
                    photos=photos,
                )
            )
    return entries, ok


@login_required
def case_new(request):
    """File a case: the shipment, several items with a recordal each and several photos each."""
    if not may_file_cases(request.user):
        raise PermissionDenied
    shipment = ShipmentForm(request.POST or None, initial={"currency": "CNY"})
    formset = ItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST":
        shipment_ok, formset_ok = shipment.is_valid(), formset.is_valid()
        entries, photos_ok = _item_inputs(request, formset)
        if shipment_ok and formset_ok and photos_ok:
            try:
                case = services.case_file(officer=request.user, shipment=shipment.cleaned_data, items=entries)
            except services.FieldErrors as exc:
                for field, errors in exc.errors.items():
                    if field == "items":
                        for form, item_errors in zip(formset.forms, errors, strict=False):
                            for name, messages_ in item_errors.items() if isinstance(item_errors, dict) else []:
                                form.add_error(name if name in form.fields else None, messages_)
                    else:
                        shipment.add_error(field if field in shipment.fields else None, errors)
            else:
                messages.success(request, _("Case filed; the holders were notified."))
                return redirect(case)
    return render(
        request,
        "confirmations/case_new.html",
        {"shipment": shipment, "formset": formset, "max_bytes": settings.PORTAL_MAX_UPLOAD_BYTES},
    )


def _case_items(user, case):
    return (
        items_visible_to(user)
        .filter(case=case)
        .select_related("recordal", "holder", "decided_by", "general_bond")
        .prefetch_related("photos")
    )


def _row_context(request, item, officer):
    return {
        "item": item,
        "officer": officer,
        "release_form": ReleaseForm(prefix=f"r{item.pk}"),
        "investigation_form": InvestigationForm(prefix=f"i{item.pk}"),
        "counter_form": CounterGuaranteeForm(prefix=f"c{item.pk}", initial={"amount_cny": item.value_cny}),
    }


@login_required
def case_detail(request, pk):
    """Show a case: customs staff see every item; a holder or agent only its own items."""
    case = get_object_or_404(cases_visible_to(request.user).select_related("office", "filed_by"), pk=pk)
    officer = may_act_as_officer(request.user, case)
    items = _case_items(request.user, case)
    rows = [render_to_string("confirmations/_item_row.html", _row_context(request, i, officer), request) for i in items]
    events = case.events.select_related("actor", "item")
    if not sees_whole_case(request.user, case):
        events = events.filter(item__in=items)
    return render(
        request,
        "confirmations/case_detail.html",
        {
            "case": case,
            "rows": rows,
            "officer": officer,
            "events": events,
            "whole": sees_whole_case(request.user, case),
        },
    )


@never_cache
@require_GET
@login_required
def case_status(request, pk):
    """Answer each visible item's state and its rendered row, for the live case page."""
    case = get_object_or_404(cases_visible_to(request.user), pk=pk)
    officer = may_act_as_officer(request.user, case)
    items = _case_items(request.user, case)
    return JsonResponse(
        {
            "case": case.pk,
            "status": case.status,
            "status_label": str(case.get_status_display()),
            "items": [
                {
                    "id": item.pk,
                    "status": item.status,
                    "decision": item.decision,
                    "bond_kind": item.bond_kind,
                    "bond_amount_cny": str(item.bond_amount_cny) if item.bond_amount_cny is not None else None,
                    "html": render_to_string(
                        "confirmations/_item_row.html", _row_context(request, item, officer), request
                    ),
                }
                for item in items
            ],
        }
    )


ACTIONS = {
    "bond-received": (services.item_case_bond_receive, None, _("The case bond is recorded as received.")),
    "detain": (services.item_detain, None, _("The goods are detained.")),
    "release": (services.item_release, ReleaseForm, _("The goods are released.")),
    "investigation": (
        services.item_investigation_record,
        InvestigationForm,
        _("The investigation result is recorded."),
    ),
    "counter-guarantee": (
        services.item_counter_guarantee_release,
        CounterGuaranteeForm,
        _("The goods are released against the counter-guarantee."),
    ),
}


@require_POST
@login_required
def item_act(request, pk, action):
    """Run one officer action on an item and go back to the case page."""
    if action not in ACTIONS:
        raise Http404
    item = get_object_or_404(items_visible_to(request.user).select_related("case"), pk=pk)
    if not may_act_as_officer(request.user, item.case):
        raise PermissionDenied
    service, form_class, done = ACTIONS[action]
    extra = {}
    if form_class is not None:
        prefix = {"release": "r", "investigation": "i", "counter-guarantee": "c"}[action]
        form = form_class(request.POST, prefix=f"{prefix}{item.pk}")
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect(item.case)
        extra = form.cleaned_data
    if run_service(request, service, officer=request.user, item_id=item.pk, **extra) is not None:
        messages.success(request, done)
    return redirect(item.case)


@token_or_login_required
def item_notice(request, pk):
    """Show (or download with ``?download=1``) the printable detention or release notice of an item."""
    item = get_object_or_404(
        items_visible_to(request.user).select_related(
            "case", "case__office", "recordal", "holder", "officer_action_by", "general_bond"
        ),
        pk=pk,
    )
    kind = item.notice_kind()
    if kind is None:
        raise Http404
    response = render(request, "confirmations/item_notice.html", {"item": item, "kind": kind, "now": timezone.now()})
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{kind}-notice-{item.case_id}-{item.pk}.html"'
    return response
