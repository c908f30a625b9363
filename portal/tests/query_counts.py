"""Exact query counts of a page, the same on a second request (the first caches what later ones reuse)."""

from django.db import connection


def assert_exact_queries(client, url: str, expected, django_assert_num_queries) -> None:
    """Request ``url`` twice and assert the second request's query count; ``expected`` may name one per vendor."""
    if isinstance(expected, dict):
        expected = expected[connection.vendor]
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def make_superuser(user) -> None:
    """Let the user into every admin list."""
    user.is_staff = user.is_superuser = True
    user.save()
