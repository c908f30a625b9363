"""Helpers for the access-matrix tests of every app."""

from rest_framework.test import APIClient


def client_as(user) -> APIClient:
    """Return a client logged in as the user (anonymous for None); it serves pages and the API."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def is_denied(response, *, api: bool) -> bool:
    """Tell whether a refusal reveals nothing: 404 or 403 (anonymous: 401 from the API, a login redirect)."""
    if response.status_code == 302:
        return not api and "/accounts/login/" in response.url
    return response.status_code in (401, 403, 404)


def assert_open_only_to(response, *, allowed: bool, api: bool, label) -> None:
    """Assert a GET succeeded for a role it concerns and revealed nothing to any other."""
    if allowed:
        assert response.status_code == 200, (label, response.status_code)
    else:
        assert is_denied(response, api=api), (label, response.status_code)
