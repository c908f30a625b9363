"""The portal's own pages: home, language switch, request logging."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_invites_anonymous_visitors_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/accounts/login/"' in response.content.decode()


def test_user_without_organization_is_told_so(client):
    from portal.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "not attached to an organization" in client.get("/").content.decode()


def test_language_switch_remembers_the_users_language_for_emails(client, cast):
    client.force_login(cast.holder1_user)
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/notices/"})
    assert response.status_code == 302
    cast.holder1_user.refresh_from_db()
    assert cast.holder1_user.language == "zh-hans"
    assert client.get("/notices/").headers["Content-Language"] == "zh-hans"


def test_language_switch_ignores_unknown_languages(client, cast):
    client.force_login(cast.holder1_user)
    client.post("/i18n/setlang/", {"language": "xx"})
    cast.holder1_user.refresh_from_db()
    assert cast.holder1_user.language == "en"


def test_each_request_is_logged_once_with_its_id_and_status(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get("/healthz/", HTTP_X_REQUEST_ID="req-42")
    (record,) = [r for r in caplog.records if r.name == "portal.requests"]
    assert (record.request_id, record.path, record.status) == ("req-42", "/healthz/", 503)


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_api_docs_page_loads_offline_assets(client, cast):
    client.force_login(cast.admin)
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert client.get("/api/schema/").status_code == 200
