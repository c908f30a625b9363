"""Signing in with passkeys (WebAuthn, through py_webauthn) and sessions kept on a device for 30 days."""

import json
from datetime import timedelta
from importlib import import_module

import webauthn
from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from portal.accounts.models import DeviceSession, Passkey, UserEvent
from portal.audit import audit_write

KEEP_SIGNED_IN = timedelta(days=30)
CHALLENGE_KEY = "passkey_challenge"
BACKEND = "portal.accounts.backends.MembershipBackend"


class PasskeyRefused(PermissionDenied):
    """The authenticator's answer did not verify (wrong challenge, origin, key or counter)."""


def _relying_party(request) -> tuple[str, str]:
    """Return the relying party's id (the host name) and the expected origin of this request."""
    host = request.get_host()
    return host.split(":")[0], f"{request.scheme}://{host}"


def _challenge_options(request, options) -> str:
    """Remember the options' challenge in the session and return the options as JSON for the browser."""
    request.session[CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return webauthn.options_to_json(options)


def _expected(request) -> tuple[str, str, str | None]:
    """Return what the authenticator's answer must match: relying party id, origin, and the challenge (used up)."""
    rp_id, origin = _relying_party(request)
    return rp_id, origin, request.session.pop(CHALLENGE_KEY, None)


def passkey_registration_options(*, request) -> str:
    """Return the JSON options for creating a passkey for the signed-in user; remember the challenge."""
    user = request.user
    rp_id, _origin = _relying_party(request)
    options = webauthn.generate_registration_options(
        rp_id=rp_id,
        rp_name="Customs IPR Portal",
        user_id=str(user.pk).encode(),
        user_name=user.username,
        user_display_name=user.get_full_name() or user.username,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.PREFERRED
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(key.credential_id))
            for key in user.passkeys.all()
        ],
    )
    return _challenge_options(request, options)


@transaction.atomic
def passkey_register(*, request, credential: dict, name: str) -> Passkey:
    """Verify the authenticator's new credential against the remembered challenge and keep it."""
    rp_id, origin, challenge = _expected(request)
    if not challenge:
        raise PasskeyRefused("no challenge")
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except InvalidRegistrationResponse as exc:
        raise PasskeyRefused(str(exc)) from exc
    key = Passkey.objects.create(
        user=request.user,
        name=name[:100] or request.headers.get("User-Agent", "")[:100],
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    audit_write(UserEvent, actor=request.user, action="passkey_added", data={"passkey": key.name}, user=request.user)
    return key


def passkey_authentication_options(*, request) -> str:
    """Return the JSON options for signing in with any passkey of this site; remember the challenge."""
    rp_id, _origin = _relying_party(request)
    options = webauthn.generate_authentication_options(
        rp_id=rp_id, user_verification=UserVerificationRequirement.PREFERRED
    )
    return _challenge_options(request, options)


@transaction.atomic
def passkey_sign_in(*, request, credential: dict, keep: bool) -> Passkey:
    """Verify the passkey's signature and counter, sign its user in, and keep the session if asked."""
    rp_id, origin, challenge = _expected(request)
    key = Passkey.objects.select_for_update().filter(credential_id=str(credential.get("id", ""))).first()
    if not challenge or key is None or not key.user.is_active:
        raise PasskeyRefused("unknown passkey")
    try:
        verified = webauthn.verify_authentication_response(
            credential=json.dumps(credential),
            expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(key.public_key),
            credential_current_sign_count=key.sign_count,
        )
    except InvalidAuthenticationResponse as exc:
        raise PasskeyRefused(str(exc)) from exc
    Passkey.objects.filter(pk=key.pk).update(sign_count=verified.new_sign_count, last_used_at=timezone.now())
    login(request, key.user, backend=BACKEND)
    if keep:
        session_keep(request=request)
    return key


@transaction.atomic
def session_keep(*, request) -> DeviceSession:
    """Keep the signed-in session on this device for 30 days and list it on the user's security page."""
    request.session.set_expiry(KEEP_SIGNED_IN)
    request.session.save()
    kept = DeviceSession.objects.create(
        user=request.user,
        session_key=request.session.session_key,
        device=request.headers.get("User-Agent", "")[:300],
        expires_at=timezone.now() + KEEP_SIGNED_IN,
    )
    audit_write(UserEvent, actor=request.user, action="session_kept", data={"device": kept.device}, user=request.user)
    return kept


@transaction.atomic
def session_revoke(*, user, device_session_id: int) -> bool:
    """End a kept session of the user: its device is signed out at its next request."""
    kept = DeviceSession.objects.filter(user=user, pk=device_session_id).first()
    if kept is None:
        return False
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=kept.session_key).delete()
    kept.delete()
    audit_write(UserEvent, actor=user, action="session_revoked", data={"device": kept.device}, user=user)
    return True


@transaction.atomic
def passkey_remove(*, user, passkey_id: int) -> bool:
    """Remove one of the user's passkeys."""
    key = Passkey.objects.select_for_update().filter(user=user, pk=passkey_id).first()
    if key is None:
        return False
    key.delete()
    audit_write(UserEvent, actor=user, action="passkey_removed", data={"passkey": key.name}, user=user)
    return True


def security_events_of(user, *, limit: int = 20) -> list[UserEvent]:
    """Return the user's latest sign-in changes, newest first."""
    return list(UserEvent.objects.filter(user=user).order_by("-created_at", "-pk")[:limit])
