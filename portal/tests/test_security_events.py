"""Adding or removing a passkey and keeping or signing out a device each write one event on the user's history."""

import json
from types import SimpleNamespace

import pytest
from django.urls import reverse

from portal.accounts.models import DeviceSession, Passkey, UserEvent
from portal.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _actions(user):
    return list(UserEvent.objects.filter(user=user).values_list("action", "actor_id"))


def _passkey(user, name="Work phone"):
    return Passkey.objects.create(user=user, name=name, credential_id=f"cred-{name}", public_key=b"k")


def test_a_verified_new_passkey_writes_one_added_event(client, cast, monkeypatch):
    verified = SimpleNamespace(credential_id=b"\x01\x02", credential_public_key=b"key", sign_count=0)
    monkeypatch.setattr("webauthn.verify_registration_response", lambda **kwargs: verified)
    client.force_login(cast.holder1_user)
    client.post(reverse("passkey-register-options"))

    body = json.dumps({"credential": {"id": "AQI"}, "name": "Work phone"})
    response = client.post(reverse("passkey-register"), body, content_type="application/json")

    assert response.status_code == 200
    assert _actions(cast.holder1_user) == [("passkey_added", cast.holder1_user.pk)]
    assert UserEvent.objects.get().data == {"passkey": "Work phone"}


def test_a_passkey_that_does_not_verify_writes_no_event(client, cast):
    client.force_login(cast.holder1_user)
    body = json.dumps({"credential": {"id": "AQI"}, "name": "Work phone"})

    assert client.post(reverse("passkey-register"), body, content_type="application/json").status_code == 400
    assert not UserEvent.objects.exists()


def test_removing_a_passkey_writes_one_removed_event_that_outlives_it(client, cast):
    key = _passkey(cast.holder1_user)
    client.force_login(cast.holder1_user)

    client.post(reverse("passkey-remove", args=[key.pk]))

    assert not Passkey.objects.exists()
    assert _actions(cast.holder1_user) == [("passkey_removed", cast.holder1_user.pk)]


def test_another_users_passkey_is_not_removed_and_nothing_is_recorded(client, cast):
    key = _passkey(cast.holder1_user)
    client.force_login(cast.holder2_user)

    client.post(reverse("passkey-remove", args=[key.pk]))

    assert Passkey.objects.filter(pk=key.pk).exists() and not UserEvent.objects.exists()


def test_keeping_and_signing_out_a_device_each_write_one_event(client, cast):
    client.post(reverse("login"), {"username": "t-holder1", "password": PASSWORD, "keep": "1"}, HTTP_USER_AGENT="Phone")
    kept = DeviceSession.objects.get()

    client.post(reverse("session-revoke", args=[kept.pk]))

    user = cast.holder1_user
    assert _actions(user) == [("session_kept", user.pk), ("session_revoked", user.pk)]
    assert [event.data for event in UserEvent.objects.order_by("pk")] == [{"device": "Phone"}, {"device": "Phone"}]


def test_signing_out_another_users_device_is_not_recorded(client, cast):
    client.post(reverse("login"), {"username": "t-holder1", "password": PASSWORD, "keep": "1"})
    kept = DeviceSession.objects.get()
    client.force_login(cast.holder2_user)

    client.post(reverse("session-revoke", args=[kept.pk]))

    assert DeviceSession.objects.exists() and _actions(cast.holder2_user) == []
    assert _actions(cast.holder1_user) == [("session_kept", cast.holder1_user.pk)]


def test_the_security_page_shows_only_the_users_own_recent_events(client, cast):
    key = _passkey(cast.holder1_user, "Work phone")
    _passkey(cast.holder2_user, "Someone else's key")
    client.force_login(cast.holder1_user)
    client.post(reverse("passkey-remove", args=[key.pk]))
    other = client.__class__()
    other.force_login(cast.holder2_user)
    other.post(reverse("passkey-remove", args=[Passkey.objects.get().pk]))

    page = client.get(reverse("security")).content.decode()

    assert "Recent security events" in page and "Passkey removed" in page and "Work phone" in page
    assert "Someone else" not in page


def test_the_security_page_says_when_there_are_no_events(client, cast):
    client.force_login(cast.holder1_user)

    assert "No security events yet." in client.get(reverse("security")).content.decode()
