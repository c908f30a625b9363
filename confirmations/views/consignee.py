"""The consignee's (or consignor's) pages, opened through its e-mailed link, without an account.

The link and this device's cookie are the only credentials: a logged-in user's session is never looked at.
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from confirmations import services
from confirmations.consignee_facts import consignee_facts
from confirmations.consignee_forms import ExplanationForm
from confirmations.models import ConsigneeSubmission
from portal.refusals import service_run
from portal.throttling import ConsigneeLinkThrottle, page_wait
from portal.uploads import verify_image, verify_pdf

DEVICE_SALT = "confirmations.consignee-device"
REFUSALS = {
    "unknown": (
        404,
        _("This link does not work"),
        _("Check that you copied the whole link from the e-mail, or ask the customs office for a new link."),
    ),
    "revoked": (
        410,
        _("This link was withdrawn"),
        _("The customs office withdrew this link. Ask the office for a new link if you still need one."),
    ),
    "expired": (
        410,
        _("This link has expired"),
        _("The link works until the case is closed or its time runs out. Contact the customs office."),
    ),
    "other_device": (
        403,
        _("This link was opened on another device"),
        _(
            "For your shipment's safety a link works only on the first device that opened it. "
            "Open it there, or ask the customs office for a new link."
        ),
    ),
    "throttled": (429, _("Too many requests"), _("Wait a minute, then try again.")),
}


NEITHER = _("%(name)s is neither a PDF nor an image (JPEG, PNG, WebP, GIF, BMP or TIFF).")


def device_cookie(public_id) -> str:
    """Return the name of the cookie that holds this link's device secret."""
    return f"consignee_{public_id.hex}"


def device_secret(request, public_id) -> str | None:
    return request.get_signed_cookie(device_cookie(public_id), default=None, salt=DEVICE_SALT)


def remember_device(response, opening):
    """Set the signed, HttpOnly device cookie when this opening bound the link to this device."""
    if opening.new_device_secret:
        response.set_signed_cookie(
            device_cookie(opening.link.public_id),
            opening.new_device_secret,
            salt=DEVICE_SALT,
            max_age=max(int((opening.link.expires_at - timezone.now()).total_seconds()), 0),
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    return response


def private(response):
    """Keep the link out of caches, other sites' referrers and search engines (forms still send an Origin)."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def refused_page(request, reason: str):
    status, title, text = REFUSALS[reason]
    return render(request, "confirmations/consignee/refused.html", {"title": title, "text": text}, status=status)


def through_link(page: str):
    """Open the link for the view (rate-limited, bound to this device, recorded), or show why it cannot be."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, public_id, token, **kwargs):
            wait = page_wait(request, ConsigneeLinkThrottle())
            if wait is not None:
                response = refused_page(request, "throttled")
                response["Retry-After"] = str(wait)
                return private(response)
            try:
                opening = services.consignee_link_open(
                    public_id=public_id, token=token, device_secret=device_secret(request, public_id), page=page
                )
            except services.LinkRefused as refusal:
                return private(refused_page(request, refusal.reason))
            response = view(request, opening.link, token, **kwargs)
            return private(remember_device(response, opening))

        return wrapper

    return decorate


@require_http_methods(["GET"])
@through_link("facts")
def facts(request, link, token):
    """The detention facts of the party's shipment, and what it may do."""
    return render(
        request, "confirmations/consignee/facts.html", {"facts": consignee_facts(link), "link": link, "token": token}
    )


def _documents(form) -> list | None:
    verified = []
    for upload in form.cleaned_data["documents"]:
        try:
            is_pdf = upload.read(5) == b"%PDF-"
            verified.append(verify_pdf(upload) if is_pdf else verify_image(upload))
        except ValidationError as exc:
            if exc.code == "not_image":
                exc = ValidationError(NEITHER % {"name": upload.name})
            form.add_error("documents", exc.messages)
    return None if form.errors.get("documents") else verified


@require_http_methods(["GET", "POST"])
@through_link("explanation")
def explain(request, link, token):
    """The written explanation (Art 19): which goods, why they do not infringe, documents."""
    facts_ = consignee_facts(link)
    form = ExplanationForm(
        request.POST or None, request.FILES or None, items=facts_["items"], initial={"item": request.GET.get("item")}
    )
    if request.method == "POST" and form.is_valid():
        documents = _documents(form)
        submission = documents is not None and _run_on_form(
            request,
            form,
            services.consignee_explanation_submit,
            public_id=link.public_id,
            token=token,
            device_secret=device_secret(request, link.public_id),
            item_id=form.cleaned_data["item"],
            text=form.cleaned_data["text"],
            documents=documents,
        )
        if submission:
            return redirect("confirmations:consignee-sent", link.public_id, token, submission.pk)
    return render(
        request,
        "confirmations/consignee/explain.html",
        {"form": form, "facts": facts_, "link": link, "token": token},
    )


def _run_on_form(request, form, service, **kwargs):
    """Run a service; show its refusal on the form (the page's error summary lists them), a link's refusal too."""
    try:
        return service_run(request, service, show_on=form, **kwargs)
    except services.LinkRefused as exc:
        form.add_error(None, REFUSALS[exc.reason][1])
        return None


@require_http_methods(["GET", "POST"])
@through_link("counter_guarantee")
def counter_guarantee(request, link, token, item):
    """Ask for release of detained patent goods against a counter-guarantee: amount and how to lodge it first."""
    facts_ = consignee_facts(link)
    entry = next((entry for entry in facts_["items"] if entry["id"] == item), None)
    if entry is None or not entry["is_patent"]:
        return refused_page(request, "unknown")
    if request.method == "POST":
        submission = service_run(
            request,
            services.consignee_counter_guarantee_request,
            public_id=link.public_id,
            token=token,
            device_secret=device_secret(request, link.public_id),
            item_id=item,
        )
        if submission is not None:
            return redirect("confirmations:consignee-sent", link.public_id, token, submission.pk)
    return render(
        request,
        "confirmations/consignee/counter_guarantee.html",
        {"entry": entry, "facts": facts_, "link": link, "token": token},
    )


@require_http_methods(["GET"])
@through_link("confirmation")
def sent(request, link, token, submission):
    """The confirmation page after an explanation or a counter-guarantee request."""
    found = ConsigneeSubmission.objects.filter(pk=submission, link=link).select_related("item").first()
    if found is None:
        return refused_page(request, "unknown")
    return render(request, "confirmations/consignee/sent.html", {"submission": found, "link": link, "token": token})
