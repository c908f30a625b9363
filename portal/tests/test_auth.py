"""Login pages, API tokens and login throttling."""

from datetime import timedelta

import pytest
from django.urls import reverse

from portal.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_loads(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


@pytest.mark.parametrize(
    ("attr", "target"),
    [
        ("admin", "recordals:review-queue"),
        ("officer1", "confirmations:case-list"),
        ("holder1_user", "confirmations:inbox"),
        ("agent_user", "confirmations:inbox"),
    ],
)
def test_each_role_lands_on_its_own_page_after_login(client, cast, attr, target):
    user = getattr(cast, attr)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(target)


def test_wrong_password_shows_a_form_error(client, cast):
    response = client.post(reverse("login"), {"username": cast.holder1_user.username, "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_repeated_failures_lock_the_login_with_a_clear_message(client, cast, settings):
    username = cast.holder1_user.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_so_colleagues_can_still_log_in(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": cast.holder1_user.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": cast.holder1b_user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_api_token_is_issued_for_good_credentials(api_client, cast):
    response = api_client.post(
        "/api/auth/token/", {"username": cast.holder1_user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/notices/").status_code == 200


def test_api_token_is_refused_for_bad_credentials(api_client, cast):
    response = api_client.post(
        "/api/auth/token/", {"username": cast.holder1_user.username, "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_api_token_missing_field_names_the_field(api_client):
    response = api_client.post("/api/auth/token/", {"username": "x"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_api_token_login_is_locked_after_repeated_failures(api_client, cast, settings):
    username = cast.holder1_user.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_client.post("/api/auth/token/", {"username": username, "password": "wrong"}, format="json")
    response = api_client.post("/api/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code in (403, 429)
    assert "token" not in response.json()


def test_api_refuses_anonymous_callers(api_client):
    assert api_client.get("/api/notices/").status_code == 401


def test_password_reset_sends_a_link(client, cast, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": cast.holder1_user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_logout_needs_post_and_ends_the_session(client, cast):
    client.force_login(cast.holder1_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_lockout_page_states_the_configured_cool_off(client, cast, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=40)
    username = cast.holder1_user.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert "Try again in 40 minutes" in response.content.decode()
