"""Pages of the holder's applications for detention: the form, the lists (holder's own, office's queue by
expected arrival), the detail with its deadlines, and each action behind a confirmation step."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.models import DetentionRequest, DetentionRequestEvent, DetentionRequestFile
from confirmations.request_access import may_act_for_request, may_review, recordals_invocable_by, requests_visible_to
from confirmations.request_forms import DetentionRequestForm, MatchForm, ReasonForm
from confirmations.services import Conflict, FieldErrors
from confirmations.services.request_detention import detention_request_match
from confirmations.services.requests import (
    RequestInput,
    detention_request_accept,
    detention_request_bond_receive,
    detention_request_refuse,
    detention_request_submit,
    detention_request_withdraw,
)
from portal.access import is_holder_side, is_officer
from portal.confirmation import named_action
from portal.errors import Refused
from portal.refusals import refusal_show
from portal.uploads import serve_stored_file

R = DetentionRequest.Status
FIELDS = [f for f in RequestInput.__dataclass_fields__ if f not in ("recordal_id", "office_id")]


@login_required
def request_list(request):
    """The holder side's applications (newest first), or the office's queue (by expected arrival)."""
    officer = is_officer(request.user)
    rows = requests_visible_to(request.user).select_related("holder", "office", "recordal")
    status = request.GET.get("status", "")
    if status in R.values:
        rows = rows.filter(status=status)
    rows = rows.order_by("expected_from", "pk") if officer else rows.order_by("-submitted_at", "-pk")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    may_apply = is_holder_side(request.user) and recordals_invocable_by(request.user).exists()
    return render(
        request,
        "confirmations/request_list.html",
        {
            "page": page,
            "officer": officer,
            "may_apply": may_apply,
            "statuses": R.choices,
            "status": status,
            "now": timezone.now(),
        },
    )


@login_required
def request_new(request):
    """The holder's application form; on a problem it keeps what was typed and says which files to choose again."""
    if not is_holder_side(request.user):
        raise PermissionDenied
    form = DetentionRequestForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = detention_request_submit(
                    user=request.user,
                    data=RequestInput(
                        recordal_id=data["recordal"].pk,
                        office_id=data["office"].pk,
                        **{name: data[name] for name in FIELDS},
                    ),
                    files=[*data["documents"], *data["images"]],
                )
            except FieldErrors as exc:
                refusal_show(request, exc, form=form)
            else:
                messages.success(request, _("Your application is sent to the office for review."))
                return redirect(created)
        form.files_not_kept()
    return render(request, "confirmations/request_form.html", {"form": form})


def _visible(request, pk):
    return get_object_or_404(
        requests_visible_to(request.user)
        .select_related("holder", "office", "recordal", "item", "item__case")
        .prefetch_related("files", Prefetch("events", queryset=DetentionRequestEvent.objects.select_related("actor"))),
        pk=pk,
    )


@login_required
def request_detail(request, pk):
    """The application: goods, shipment, bond, what it awaits, its deadlines and history."""
    row = _visible(request, pk)
    return render(
        request,
        "confirmations/request_detail.html",
        {
            "row": row,
            "reviewer": may_review(request.user, row),
            "applicant": may_act_for_request(request.user, row),
            "expiry_days": settings.PORTAL_DETENTION_REQUEST_EXPIRY_DAYS,
        },
    )


ACTIONS = {
    "accept": (
        _("Accept the application"),
        _("The holder is told to lodge the bond; the office then detains the goods when the shipment arrives."),
        False,
    ),
    "refuse": (
        _("Refuse the application"),
        _("The holder is told of the refusal and its reason; the application is closed."),
        False,
    ),
    "bond-received": (
        _("Record the bond as received"),
        _("The bond equal to the goods' value is recorded as lodged; the goods may then be detained."),
        False,
    ),
    "match": (
        _("Detain the goods of this application"),
        _(
            "The goods are detained at once; the holder then has 20 working days to bring a court's "
            "assistance notice, or they are released."
        ),
        False,
    ),
    "withdraw": (
        _("Withdraw the application"),
        _("The application is closed; goods already detained on it are released."),
        True,
    ),
}
DONE = {
    "accept": _("The application is accepted."),
    "refuse": _("The application is refused."),
    "bond-received": _("The bond is recorded as received."),
    "match": _("The goods are detained."),
    "withdraw": _("The application is withdrawn."),
}


def _run(request, row, action, form):
    """Run the action's service; its refusals propagate to the caller."""
    user, data = request.user, dict(form.cleaned_data) if form is not None else {}
    if action == "accept":
        return detention_request_accept(officer=user, request_id=row.pk)
    if action == "refuse":
        return detention_request_refuse(officer=user, request_id=row.pk, reason=data["reason"])
    if action == "bond-received":
        return detention_request_bond_receive(officer=user, request_id=row.pk)
    if action == "withdraw":
        return detention_request_withdraw(user=user, request_id=row.pk, reason=data["reason"])
    case = data.pop("case")
    return detention_request_match(
        officer=user, request_id=row.pk, case_id=case.pk if case else None, shipment=None if case else data
    )


@login_required
def request_act(request, pk, action):
    """Show an action's confirmation step, naming its consequence (GET), then run it (POST)."""
    title, consequence, holder_action = named_action(ACTIONS, action)
    row = _visible(request, pk)
    if not (may_act_for_request(request.user, row) if holder_action else may_review(request.user, row)):
        raise PermissionDenied
    form = None
    if action in ("refuse", "withdraw"):
        form = ReasonForm(request.POST or None)
    elif action == "match":
        form = MatchForm(request.POST or None, office=row.office)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            _run(request, row, action, form)
        except FieldErrors as exc:
            if form is None:
                raise
            refusal_show(request, exc, form=form)
        except (Refused, Conflict, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
            return redirect(row)
        else:
            messages.success(request, DONE[action])
            return redirect(row)
    return render(
        request,
        "confirmations/request_action.html",
        {"row": row, "title": title, "consequence": consequence, "form": form, "danger": action != "accept"},
    )


@login_required
def request_file(request, pk):
    """Serve an evidence file to those who see its application."""
    row = get_object_or_404(DetentionRequestFile, pk=pk)
    if not requests_visible_to(request.user).filter(pk=row.request_id).exists():
        raise Http404
    download = row.original_name if row.kind == DetentionRequestFile.Kind.DOCUMENT else ""
    return serve_stored_file(row.file, content_type=row.content_type, download_name=download)
