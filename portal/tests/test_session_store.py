"""The session is read by a statement compiled once: the same session data as Django's database sessions, none once
expired (at each request's own instant) or for an unknown key."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.utils import timezone

from portal.session_store import SessionStore

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
            == DjangoStore(session_key=stored.session_key).load()
            == {
                "answer": 42,
                "when": "2026-12-31",
                "_session_expiry": 3600,
            }
        )
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
