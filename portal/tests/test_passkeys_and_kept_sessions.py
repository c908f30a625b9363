"""Passkey endpoints refuse what does not verify; kept sessions last 30 days and only their owner revokes them."""

import json

import pytest
from django.urls import reverse

from portal.accounts.models import DeviceSession
from portal.models import Session
from portal.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_unknown_passkey_does_not_sign_in(client, cast):
    client.post(reverse("passkey-login-options"))
    credential = {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}}
    response = client.post(
        reverse("passkey-login"), json.dumps({"credential": credential}), content_type="application/json"
    )
    assert response.status_code == 400 and "_auth_user_id" not in client.session


def test_registration_options_name_this_site_and_need_a_signed_in_user(client, cast):
    assert client.post(reverse("passkey-register-options")).status_code == 302
    client.force_login(cast.holder1_user)
    options = client.post(reverse("passkey-register-options"), HTTP_HOST="localhost:8000").json()
    assert options["rp"]["id"] == "localhost" and options["user"]["name"] == "t-holder1"
    assert options["authenticatorSelection"]["residentKey"] == "required"


def test_keep_me_signed_in_keeps_the_session_30_days_and_lists_it(client, cast):
    client.post(reverse("login"), {"username": "t-holder1", "password": PASSWORD, "keep": "1"})
    assert 30 * 24 * 3600 - 60 < client.session.get_expiry_age() <= 30 * 24 * 3600
    kept = DeviceSession.objects.get(user=cast.holder1_user)
    assert "this device" in client.get(reverse("security")).content.decode()
    assert kept.session_key == client.session.session_key


def test_without_keep_the_session_ends_with_the_browser(client, cast):
    client.post(reverse("login"), {"username": "t-holder1", "password": PASSWORD})
    assert client.session.get_expire_at_browser_close() and not DeviceSession.objects.exists()


def test_only_the_owner_signs_out_a_kept_device(client, cast):
    client.post(reverse("login"), {"username": "t-holder1", "password": PASSWORD, "keep": "1"})
    kept = DeviceSession.objects.get()
    other = client.__class__()
    other.force_login(cast.holder2_user)
    other.post(reverse("session-revoke", args=[kept.pk]))
    assert DeviceSession.objects.filter(pk=kept.pk).exists()
    client.post(reverse("session-revoke", args=[kept.pk]))
    assert not DeviceSession.objects.exists() and not Session.objects.filter(session_key=kept.session_key).exists()
