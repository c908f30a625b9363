"""The log-in lock across addresses and the password-reset limit."""

import pytest
from django.urls import reverse

from portal.tests.factories import PASSWORD
from portal.throttling import PortalRateThrottle

pytestmark = pytest.mark.django_db

RESET_LIMIT_MESSAGE = "Too many password-reset requests. No e-mail was sent; try again later."


def fail_from_addresses(client, username, count):
    return [
        client.post(reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=f"198.51.100.{n}")
        for n in range(1, count + 1)
    ]


def test_twelve_wrong_passwords_from_twelve_addresses_lock_the_username(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_USERNAME_FAILURE_LIMIT = 10
    username = cast.holder1_user.username

    responses = fail_from_addresses(client, username, 12)
    fresh_address = client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.50"
    )

    assert [r.status_code for r in responses] == [200] * 9 + [429] * 3
    assert fresh_address.status_code == 429
    assert "This account is locked after too many wrong passwords" in fresh_address.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_below_the_username_limit_across_addresses_lock_nothing(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_USERNAME_FAILURE_LIMIT = 10
    username = cast.holder1_user.username

    fail_from_addresses(client, username, 9)
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.50")

    assert response.status_code == 302


def test_a_username_locked_across_addresses_cannot_get_an_api_token(api_client, client, cast, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 10
    username = cast.holder1_user.username
    fail_from_addresses(client, username, 10)

    response = api_client.post(
        "/api/auth/token/", {"username": username, "password": PASSWORD}, format="json", REMOTE_ADDR="203.0.113.50"
    )

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many failed log-ins")


def test_the_username_lock_leaves_colleagues_free(client, cast, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 10
    fail_from_addresses(client, cast.holder1_user.username, 12)

    response = client.post(
        reverse("login"), {"username": cast.holder1b_user.username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.1"
    )

    assert response.status_code == 302


@pytest.fixture
def reset_limit(monkeypatch):
    monkeypatch.setattr(PortalRateThrottle, "THROTTLE_RATES", {"password_reset": "5/hour"})


def request_reset(client, email, address="198.51.100.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_beyond_the_limit_sends_no_more_emails(client, cast, mailoutbox, reset_limit):
    responses = [request_reset(client, cast.holder1_user.email) for _ in range(25)]

    assert [r.status_code for r in responses] == [302] * 5 + [429] * 20
    assert len(mailoutbox) == 5
    assert RESET_LIMIT_MESSAGE in responses[-1].content.decode()
    assert responses[-1]["Retry-After"].isdigit()


def test_password_reset_is_limited_per_email_across_addresses(client, cast, mailoutbox, reset_limit):
    email = cast.holder1_user.email.upper()

    codes = [request_reset(client, email, address=f"198.51.100.{n}").status_code for n in range(1, 9)]

    assert codes == [302] * 5 + [429] * 3
    assert len(mailoutbox) == 5


def test_password_reset_is_limited_per_address_across_emails(client, cast, mailoutbox, reset_limit):
    emails = [user.email for user in (cast.holder1_user, cast.holder1b_user, cast.holder2_user, cast.officer1)] * 2

    codes = [request_reset(client, email).status_code for email in emails]

    assert codes == [302] * 5 + [429] * 3
    assert len(mailoutbox) == 5


def test_password_reset_limit_does_not_reveal_whether_an_email_is_known(client, cast, mailoutbox, reset_limit):
    known = [request_reset(client, cast.holder1_user.email, address="198.51.100.1") for _ in range(6)]
    unknown = [request_reset(client, "nobody@example.com", address="198.51.100.2") for _ in range(6)]

    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [302] * 5 + [429]
    assert known[-1].context["form"].errors == unknown[-1].context["form"].errors == {"__all__": [RESET_LIMIT_MESSAGE]}
    assert known[0]["Location"] == unknown[0]["Location"]
