"""Pages of the detention: the application's receipt, and each new action behind a confirmation step."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations import services
from confirmations.access import (
    applications_visible_to,
    may_act_as_officer,
    may_decide_for_application,
)
from confirmations.forms import CourtNoticeForm, DisposalForm, WithdrawForm
from confirmations.services.notify import application_context
from confirmations.views.officer_lookup import officer_item
from portal.confirmation import confirmed_run, named_action
from portal.refusals import service_run
from portal.templatetags.portal_format import deadline, money
from portal.uploads import verify_pdf


def _application(request, pk):
    return get_object_or_404(
        applications_visible_to(request.user).select_related(
            "case__office__bond_instructions", "holder", "general_bond"
        ),
        pk=pk,
    )


@login_required
def application_receipt(request, pk):
    """The printable "application for detention" receipt: items, bond, reference, deadline and instructions."""
    application = _application(request, pk)
    return render(
        request,
        "confirmations/application_receipt.html",
        {
            "application": application,
            "items": application.items.select_related("recordal").order_by("pk"),
            "bond": application_context(application),
            "now": timezone.now(),
        },
    )


APPLICATION_ACTIONS = {
    "bond-received": (
        _("Record the bond as received"),
        _("The bond of this application is recorded as received; its goods may then be detained."),
        None,
        _("Confirm: record the bond as received"),
        _("The bond is recorded as received."),
    ),
    "withdraw": (
        _("Withdraw the application for detention"),
        _("Customs releases every item of this application."),
        WithdrawForm,
        _("Confirm: withdraw and release the goods"),
        _("The application is withdrawn; the goods are released."),
    ),
}


def _application_facts(application) -> list[tuple]:
    bond = application.get_bond_kind_display()
    if application.bond_amount_cny:
        bond = f"{bond}: {money(application.bond_amount_cny)} CNY"
    case, due_by = _("Case"), _("due by")
    return [
        (_("Application"), f"{application.reference} · {application.holder.name} · {case} {application.case_id}"),
        (_("Goods value"), f"{money(application.value_cny)} CNY"),
        (_("Bond"), f"{bond} · {due_by} {deadline(application.bond_due)}"),
    ]


@login_required
def application_act(request, pk, action):
    """Show the confirmation step of an application action (GET), then run it (POST)."""
    title, consequence, form_class, confirm_label, done = named_action(APPLICATION_ACTIONS, action)
    application = _application(request, pk)
    allowed = (
        may_act_as_officer(request.user, application.case)
        if action == "bond-received"
        else may_decide_for_application(request.user, application)
    )
    if not allowed:
        raise PermissionDenied
    form = form_class(request.POST or None) if form_class else None
    back = application.items.order_by("pk").first()
    back_url = application.case.get_absolute_url() if action == "bond-received" else back.get_absolute_url()

    def run():
        if action == "bond-received":
            return service_run(
                request, services.application_bond_receive, officer=request.user, application_id=application.pk
            )
        return service_run(
            request,
            services.application_withdraw,
            user=request.user,
            application_id=application.pk,
            reason=form.cleaned_data["reason"],
        )

    return confirmed_run(
        request,
        run=run,
        done=done,
        next_url=back_url,
        refused_url=back_url,
        form=form,
        heading=title,
        consequences=[consequence],
        confirm_label=confirm_label,
        danger=True,
        facts=_application_facts(application),
        cancel_url=back_url,
    )


ITEM_ACTIONS = {
    "disposal": (
        _("Record the disposal of the confiscated goods"),
        _("The disposal is evidence and cannot be changed once recorded."),
        DisposalForm,
        _("Confirm: record the disposal"),
        _("The disposal is recorded."),
    ),
    "court-notice": (
        _("Record a court's assistance notice"),
        _("The goods then follow the court and are no longer released after 50 working days."),
        CourtNoticeForm,
        _("Confirm: record the court's notice"),
        _("The court's assistance notice is recorded."),
    ),
}


@login_required
def item_step(request, pk, action):
    """Show the confirmation step of an officer's action after detention (GET), then run it (POST)."""
    title, consequence, form_class, confirm_label, done = named_action(ITEM_ACTIONS, action)
    item = officer_item(request, pk, "recordal", "holder")
    form = form_class(request.POST or None, request.FILES or None)
    return confirmed_run(
        request,
        run=lambda: _item_step_run(request, item, action, form),
        done=done,
        next_url=item.case,
        form=form,
        heading=title,
        consequences=[consequence],
        confirm_label=confirm_label,
        danger=True,
        facts=[
            (_("Item"), f"{item.description} · {item.recordal.number} · {item.holder.name}"),
            (_("Status"), item.get_status_display()),
        ],
        cancel_url=item.case.get_absolute_url(),
    )


def _item_step_run(request, item, action, form):
    """Run the officer's action on the valid ``form``; None when refused (the refusal shown on the form)."""
    data = form.cleaned_data
    if action == "disposal":
        service = services.item_dispose
        details = {"method": data["method"], "disposed_on": data["date"], "note": data["note"]}
    else:
        try:
            document = verify_pdf(data["document"])
        except ValidationError as exc:
            form.add_error("document", exc.messages)
            return None
        service = services.item_court_notice_record
        details = {
            "court": data["court"],
            "reference": data["reference"],
            "issued_on": data["date"],
            "document": document,
        }
    return service_run(request, service, show_on=form, officer=request.user, item_id=item.pk, **details)
