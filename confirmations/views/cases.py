"""The officer's pages: case list, filing form, case page with live updates, actions, printable notices."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
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
from confirmations.consignee_access import consignee_links_for
from confirmations.forms import (
    CounterGuaranteeForm,
    InvestigationForm,
    ItemFormSet,
    ReleaseForm,
    ShipmentForm,
)
from confirmations.item_lists import CASE_LIST_KEYSET
from confirmations.models import Case, Channel, Item
from confirmations.photo_match import case_photos
from confirmations.views.live import last_event_seq
from confirmations.views.officer_lookup import officer_item
from confirmations.views.watchlist import risk_context
from portal.access import is_customs_staff
from portal.api import token_or_login_required
from portal.confirmation import confirmed_run, named_action
from portal.labels import choice_labels
from portal.pagination import list_page
from portal.paths import PathMaker
from portal.refusals import service_run
from portal.templatetags.portal_format import money
from portal.uploads import verify_image
from portal.workdays.calendar import local_date
from recordals.access import recordals_visible_to


def _customs_only(user):
    if not is_customs_staff(user):
        raise PermissionDenied


@login_required
def case_list(request):
    """List the cases of the officer's office (administrators: all), newest first."""
    _customs_only(request.user)
    cases = cases_visible_to(request.user).select_related("office")
    status = request.GET.get("status")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    page = list_page(request, cases.order_by("-created_at", "-pk"), CASE_LIST_KEYSET, per_page=25)
    counts = {
        row["case_id"]: row
        for row in Item.objects.filter(case_id__in=[case.pk for case in page])
        .values("case_id")
        .annotate(
            item_count=Count("pk"),
            pending_count=Count("pk", filter=Q(status=Item.Status.PENDING)),
            answered_count=Count("pk", filter=~Q(status=Item.Status.PENDING)),
            overdue_count=Count("pk", filter=Q(status=Item.Status.DETAINED, investigation_due__lte=timezone.now())),
        )
    }
    paths, channels, statuses = PathMaker(), choice_labels(Channel), choice_labels(Case.Status)
    for case in page:
        row = counts.get(case.pk, {})
        case.item_count, case.pending_count = row.get("item_count", 0), row.get("pending_count", 0)
        case.answered_count, case.overdue_count = row.get("answered_count", 0), row.get("overdue_count", 0)
        case.page_url = paths("confirmations:case-detail", case.pk)
        case.channel_label = channels.get(case.channel, case.channel)
        case.status_label = statuses.get(case.status, case.status)
        case.overdue_label = ngettext(
            "%(n)s investigation overdue", "%(n)s investigations overdue", case.overdue_count
        ) % {"n": localize(case.overdue_count)}
    query = f"status={status}" if status in Case.Status.values else ""
    return render(
        request, "confirmations/case_list.html", {"page": page, "status": status, "query": query}, using="jinja2"
    )


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
                    hs_code=data["hs_code"],
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
            case = service_run(
                request,
                services.case_file,
                show_on=shipment,
                show_items_on=formset,
                officer=request.user,
                shipment=shipment.cleaned_data,
                items=entries,
            )
            if case is not None:
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
        .select_related("recordal", "holder", "decided_by", "general_bond", "application", "court_notice", "disposal")
        .prefetch_related("photos")
    )


def _row_context(request, item, officer):
    return {
        "item": item,
        "officer": officer,
        "release_form": ReleaseForm(prefix=f"r{item.pk}"),
        "investigation_form": InvestigationForm(prefix=f"i{item.pk}"),
        "counter_form": CounterGuaranteeForm(prefix=f"c{item.pk}", initial={"amount_cny": item.value_cny}),
        "now": timezone.now(),
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
            **risk_context(request.user, case),
            "consignee_links": consignee_links_for(request.user, case),
            "case_photos": _case_photos(request.user, items),
        },
    )


def _case_photos(user, items) -> list:
    """Customs staff see each hashed suspect photo beside the nearest images of the recordals in force."""
    if not is_customs_staff(user):
        return []
    return case_photos(items, recordals_visible_to(user).in_force(local_date(timezone.now())))


@never_cache
@require_GET
@login_required
def case_status(request, pk):
    """Answer each visible item's state and its rendered row, for the live case page.

    ``last`` is the sequence number of the last case event the user sees; every change of an item's state
    writes one. Asked again with ``?after=<last>`` and nothing new, the answer carries no rows (one query
    beyond the access check instead of rendering every row every few seconds).
    """
    case = get_object_or_404(cases_visible_to(request.user), pk=pk)
    last = last_event_seq(request.user, case)
    answer = {"case": case.pk, "status": case.status, "status_label": str(case.get_status_display()), "last": last}
    if request.GET.get("after") == str(last) and last:
        return JsonResponse(answer | {"items": []})
    officer = may_act_as_officer(request.user, case)
    items = _case_items(request.user, case)
    return JsonResponse(
        answer
        | {
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


CONFIRMED_ACTIONS = {"detain", "release", "investigation", "counter-guarantee"}


def _consequences(item, action, data) -> tuple[str, list[str], str]:
    """Name an irreversible action, say what it does to the goods, and label its confirm button."""
    goods = {"item": item.pk, "goods": item.description, "holder": item.holder.name}
    if action == "detain":
        bond = (
            _("under the general bond %(ref)s") % {"ref": item.general_bond.reference}
            if item.general_bond
            else _("against the case bond of %(amount)s CNY") % {"amount": money(item.bond_amount_cny)}
        )
        return (
            _("Detain item %(item)s?") % goods,
            [
                _("The goods “%(goods)s” are detained %(bond)s, at %(holder)s's application.")
                % {**goods, "bond": bond},
                _("The holder and the consignee are told in writing; the investigation is due within 30 working days."),
            ],
            _("Confirm: detain the goods"),
        )
    if action == "release":
        return (
            _("Release item %(item)s?") % goods,
            [_("The goods “%(goods)s” are released to the consignee and the holder is told.") % goods],
            _("Confirm: release the goods"),
        )
    if action == "investigation":
        if data["result"] == Item.Status.CONFIRMED:
            lines = [
                _("Infringement confirmed: the goods “%(goods)s” are confiscated and disposed of.") % goods,
            ]
        else:
            lines = [
                _("Infringement not confirmed: %(holder)s is told and may go to court.") % goods,
                _("Without a court's assistance notice within 50 working days of detention, the goods are released."),
            ]
        return _("Record the result for item %(item)s?") % goods, lines, _("Confirm: record the result")
    return (
        _("Release item %(item)s against a counter-guarantee?") % goods,
        [
            _("The goods “%(goods)s” are released to the consignee against a counter-guarantee of %(amount)s CNY.")
            % {**goods, "amount": money(data["amount_cny"])}
        ],
        _("Confirm: release against the counter-guarantee"),
    )


@require_POST
@login_required
def item_act(request, pk, action):
    """Run one officer action on an item and go back to the case page; irreversible ones ask first."""
    service, form_class, done = named_action(ACTIONS, action)
    item = officer_item(request, pk, "holder", "general_bond")
    extra, form = {}, None
    if form_class is not None:
        prefix = {"release": "r", "investigation": "i", "counter-guarantee": "c"}[action]
        form = form_class(request.POST, prefix=f"{prefix}{item.pk}")
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect(item.case)
        extra = form.cleaned_data
    asks = action in CONFIRMED_ACTIONS
    return confirmed_run(
        request,
        run=lambda: service_run(request, service, officer=request.user, item_id=item.pk, **extra),
        done=done,
        next_url=item.case,
        refused_url=item.case,
        confirmed_only=asks,
        **(_confirmation(item, action, form) if asks else {}),
    )


def _confirmation(item, action, form) -> dict:
    """The confirmation page of an irreversible action, carrying the action's form already filled in."""
    heading, consequences, confirm_label = _consequences(item, action, form.cleaned_data if form else {})
    return {
        "heading": heading,
        "consequences": consequences,
        "confirm_label": confirm_label,
        "danger": action == "detain",
        "hidden": [(form.add_prefix(name), value) for name, value in form.cleaned_data.items()] if form else [],
        "cancel_url": item.case.get_absolute_url(),
    }


def notice_number(item, kind: str) -> str:
    """Return the printed notice's number: kind letter, year of the action, case and item (D2026-000012-3)."""
    moment = timezone.localtime(item.officer_action_at or item.notified_at)
    return f"{'D' if kind == 'detention' else 'R'}{moment.year}-{item.case_id:06d}-{item.pk}"


def _notice_pdf(request, context) -> bytes:
    """Render the notice as an A4 PDF with CJK fonts (WeasyPrint, Pango and fontconfig)."""
    from weasyprint import CSS, HTML

    html = render_to_string("confirmations/item_notice_pdf.html", context, request)
    stylesheet = CSS(filename=finders.find("css/notice.css"))
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(stylesheets=[stylesheet])


@token_or_login_required
def item_notice(request, pk):
    """Show the printable detention or release notice of an item, or download it as a PDF (``?download=1``)."""
    item = get_object_or_404(
        items_visible_to(request.user).select_related(
            "case", "case__office", "recordal", "holder", "officer_action_by", "general_bond"
        ),
        pk=pk,
    )
    kind = item.notice_kind()
    if kind is None:
        raise Http404
    context = {
        "item": item,
        "case": item.case,
        "kind": kind,
        "number": notice_number(item, kind),
        "now": timezone.now(),
    }
    if request.GET.get("download"):
        response = HttpResponse(_notice_pdf(request, context), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{context["number"]}.pdf"'
        return response
    return render(request, "confirmations/item_notice.html", context)
