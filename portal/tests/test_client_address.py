"""Client addresses come from the trusted proxies only; the token and lookup limits hold against forged headers."""

import logging

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from portal.net import client_ip
from portal.tests.factories import PASSWORD
from portal.throttling import CacheOutage, PortalRateThrottle

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"
LOOKUP_URL = "/api/public/recordals/"
PROXY = "10.0.0.2"
CLOSED_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.fixture
def tight_limits(monkeypatch):
    monkeypatch.setattr(PortalRateThrottle, "THROTTLE_RATES", {"login": "3/minute", "public": "3/minute"})


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.PORTAL_TRUSTED_PROXIES = 0

    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_with_one_trusted_proxy_the_address_it_appended_is_the_client(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1

    assert client_ip(request_from(PROXY, "198.51.100.1, 203.0.113.9")) == "203.0.113.9"


def test_with_two_trusted_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.PORTAL_TRUSTED_PROXIES = 2

    assert client_ip(request_from(PROXY, "198.51.100.1, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


def test_a_request_that_skipped_the_proxy_or_carries_garbage_is_its_own_connection(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1

    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY


def token_codes(api_client, forwarded_for, username):
    return [
        api_client.post(
            TOKEN_URL,
            {"username": username, "password": "wrong"},
            format="json",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code
        for forwarded in forwarded_for
    ]


def test_rotating_forwarded_for_does_not_escape_the_token_limit_without_proxies(api_client, cast, tight_limits):
    rotating = [f"198.51.100.{n}" for n in range(1, 6)]

    codes = token_codes(api_client, rotating, cast.holder1_user.username)

    assert codes == [400, 400, 400, 429, 429]


def test_rotating_forwarded_for_does_not_escape_the_lookup_limit_without_proxies(api_client, tight_limits):
    codes = [
        api_client.get(LOOKUP_URL, {"q": "X"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(1, 6)
    ]

    assert codes == [200, 200, 200, 429, 429]


def test_behind_one_proxy_two_clients_have_separate_token_buckets(api_client, cast, settings, tight_limits):
    settings.PORTAL_TRUSTED_PROXIES = 1
    username = cast.holder1_user.username

    first = token_codes(api_client, ["203.0.113.1"] * 4, username)
    second = token_codes(api_client, ["203.0.113.2"] * 3, username)

    assert first == [400, 400, 400, 429]
    assert second == [400, 400, 400]


def test_behind_one_proxy_a_forged_left_most_address_is_not_trusted(api_client, cast, settings, tight_limits):
    settings.PORTAL_TRUSTED_PROXIES = 1
    forged = [f"198.51.100.{n}, 203.0.113.1" for n in range(1, 6)]

    codes = token_codes(api_client, forged, cast.holder1_user.username)

    assert codes == [400, 400, 400, 429, 429]


def test_behind_one_proxy_two_clients_have_separate_lookup_buckets(api_client, settings, tight_limits):
    settings.PORTAL_TRUSTED_PROXIES = 1

    def lookups(client_address, times):
        return [
            api_client.get(
                LOOKUP_URL, {"q": "X"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.7, {client_address}"
            ).status_code
            for _ in range(times)
        ]

    assert lookups("203.0.113.1", 4) == [200, 200, 200, 429]
    assert lookups("203.0.113.2", 1) == [200]


@pytest.fixture
def cache_down(monkeypatch):
    monkeypatch.setattr(CacheOutage, "down", False)
    with override_settings(CACHES=CLOSED_REDIS):
        yield
    cache.clear()


def test_with_the_cache_down_token_and_lookup_still_answer_and_the_outage_is_logged_once(
    api_client, client, cast, cache_down, caplog
):
    with caplog.at_level(logging.WARNING, logger="portal.throttling"):
        token = api_client.post(
            TOKEN_URL, {"username": cast.holder1_user.username, "password": PASSWORD}, format="json"
        )
        lookups = [api_client.get(LOOKUP_URL, {"q": "X"}).status_code for _ in range(3)]
        page = client.get("/recordals/lookup/", {"q": "X"})

    assert token.status_code == 200 and "token" in token.json()
    assert lookups == [200, 200, 200]
    assert page.status_code == 200
    warnings = [r.getMessage() for r in caplog.records if r.name == "portal.throttling"]
    assert len(warnings) == 1
    assert warnings[0].startswith("Rate limits are not enforced: the cache is unreachable (ConnectionError")
