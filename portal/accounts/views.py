"""The user's security page (passkeys, kept sessions) and the passkey endpoints the login page calls."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import services


def _json_body(request) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _json_options(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/json")


@login_required
def security(request):
    """List the user's passkeys and the sessions kept on devices; add, remove, revoke."""
    return render(
        request,
        "registration/security.html",
        {
            "passkeys": request.user.passkeys.all(),
            "kept": request.user.device_sessions.all(),
            "current_key": request.session.session_key,
            "events": services.security_events_of(request.user),
        },
    )


@require_POST
@login_required
def passkey_register_options(request):
    """Answer the options for creating a passkey for the signed-in user."""
    return _json_options(services.passkey_registration_options(request=request))


@require_POST
@login_required
def passkey_register(request):
    """Verify and keep a new passkey."""
    body = _json_body(request)
    try:
        key = services.passkey_register(
            request=request, credential=body.get("credential") or {}, name=body.get("name", "")
        )
    except services.PasskeyRefused:
        return JsonResponse({"detail": _("The passkey could not be verified; try again.")}, status=400)
    messages.success(request, _("Passkey “%(name)s” added: next time sign in with it.") % {"name": key.name})
    return JsonResponse({"id": key.pk})


@require_POST
def passkey_login_options(request):
    """Answer the options for signing in with a passkey."""
    return _json_options(services.passkey_authentication_options(request=request))


@require_POST
def passkey_login(request):
    """Sign in with a passkey and answer where to go next."""
    body = _json_body(request)
    try:
        services.passkey_sign_in(request=request, credential=body.get("credential") or {}, keep=bool(body.get("keep")))
    except services.PasskeyRefused:
        return JsonResponse({"detail": _("This passkey is not known here; sign in with your password.")}, status=400)
    target = str(body.get("next") or "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return JsonResponse({"redirect": target})


@require_POST
@login_required
def session_revoke(request, pk):
    """Sign a kept device out."""
    return _back_to_security(
        request, services.session_revoke(user=request.user, device_session_id=pk), _("That device is signed out.")
    )


@require_POST
@login_required
def passkey_remove(request, pk):
    """Remove a passkey."""
    return _back_to_security(
        request, services.passkey_remove(user=request.user, passkey_id=pk), _("The passkey is removed.")
    )


def _back_to_security(request, removed: bool, done: str):
    """Go back to the security page, saying ``done`` when the removal happened."""
    if removed:
        messages.success(request, done)
    return redirect("security")
