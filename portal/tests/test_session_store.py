"""The session is read by a statement compiled once, with the user it is signed in as: the same session data as
Django's database sessions, none once expired (at each request's own instant) or for an unknown key; the user read
with it serves that request only, and only as the user the session names, with Django's checks."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.utils import timezone

from portal.accounts import backends
from portal.models import Session
from portal.session_store import SessionStore, user_read_with


class DjangoStoreOfTheSameTable(DjangoStore):
    """Django's database store reading the portal's session table (named as the stores are: the name salts the
    session's signature)."""

    __qualname__ = "SessionStore"

    @classmethod
    def get_model_class(cls):
        return Session


pytestmark = pytest.mark.django_db


def test_a_session_reads_what_it_stored_until_it_expires():
    stored = SessionStore()
    stored["answer"], stored["when"] = 42, "2026-12-31"
    stored.set_expiry(3600)
    stored.save()
    for _ in range(2):  # the second read runs the statement the first compiled
        read = SessionStore(session_key=stored.session_key)
        assert (
            read.load()
            == DjangoStoreOfTheSameTable(session_key=stored.session_key).load()
            == {
                "answer": 42,
                "when": "2026-12-31",
                "_session_expiry": 3600,
            }
        )
        assert read.user_read is None and Session.objects.get().user_id is None
    with time_machine.travel(timezone.now() + timedelta(seconds=3601), tick=False):
        expired = SessionStore(session_key=stored.session_key)
        assert expired.load() == {} and expired.session_key is None


def test_an_unknown_key_reads_nothing_and_is_dropped():
    store = SessionStore(session_key="x" * 32)
    assert store.load() == {} and store.session_key is None


def test_a_signed_in_request_finds_its_session(client, cast):
    client.force_login(cast.holder1_user)
    assert client.get("/inbox/").status_code == 200
    client.logout()
    assert client.get("/inbox/").status_code == 302


@pytest.fixture
def users_read_alone(monkeypatch):
    """Record the users the log-in back end reads on their own (not with their session)."""
    read = []
    original = backends.read_with_membership

    def recorded(queryset, key, value, **kwargs):
        read.append(value)
        return original(queryset, key, value, **kwargs)

    monkeypatch.setattr(backends, "read_with_membership", recorded)
    return read


def test_a_signed_in_request_reads_its_user_with_its_session(client, cast, users_read_alone):
    client.force_login(cast.holder1_user)
    assert Session.objects.get().user_id == cast.holder1_user.pk
    response = client.get("/inbox/")
    assert response.status_code == 200 and response.wsgi_request.user == cast.holder1_user
    assert response.wsgi_request.user.organization == cast.holder1
    assert users_read_alone == []


def test_a_session_naming_another_user_than_its_column_is_the_user_it_names(client, cast, users_read_alone):
    client.force_login(cast.holder1_user)
    Session.objects.update(user=cast.holder2_user)
    response = client.get("/inbox/")
    assert response.status_code == 200 and response.wsgi_request.user == cast.holder1_user
    assert users_read_alone == [cast.holder1_user.pk]


def test_the_user_read_with_the_session_passes_djangos_checks(client, cast):
    client.force_login(cast.holder1_user)
    get_user_model().objects.filter(pk=cast.holder1_user.pk).update(is_active=False)
    assert client.get("/inbox/").status_code == 302, "an inactive user is signed out"
    get_user_model().objects.filter(pk=cast.holder1_user.pk).update(is_active=True)
    client.force_login(cast.holder1_user)
    assert client.get("/inbox/").status_code == 200
    user = get_user_model().objects.get(pk=cast.holder1_user.pk)
    user.set_password("a new password 4417")
    user.save()
    assert client.get("/inbox/").status_code == 302, "a changed password ends the session"


def test_outside_a_request_no_user_is_read_with_a_session(cast):
    assert user_read_with(cast.holder1_user.pk) is None
