"""One exception handler: every API error is JSON with a ``detail``; nothing unexpected is a 500."""

import logging

import pytest
from django.db import IntegrityError, OperationalError
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ParseError
from rest_framework.test import APIClient

from confirmations import services
from portal.parsers import MAX_JSON_DEPTH, DepthLimitedJSONParser, json_too_deep

pytestmark = pytest.mark.django_db


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_deeply_nested_json_on_the_anonymous_token_endpoint_answers_400():
    response = APIClient().post("/api/auth/token/", nested(100_000), content_type="application/json")
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]


def test_json_nested_past_the_limit_but_parseable_answers_400_on_an_authenticated_endpoint(cast):
    body = '{"title": ' + nested(MAX_JSON_DEPTH + 1) + "}"
    response = token_client(cast.holder1_user).post("/api/recordals/", body, content_type="application/json")
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]


def test_json_nested_to_the_limit_parses_and_one_level_more_is_refused():
    import io

    parser = DepthLimitedJSONParser()
    assert parser.parse(io.BytesIO(nested(MAX_JSON_DEPTH).encode()), parser_context={}) is not None
    with pytest.raises(ParseError):
        parser.parse(io.BytesIO(nested(MAX_JSON_DEPTH + 1).encode()), parser_context={})
    assert not json_too_deep({"a": [{"b": 1}]}, limit=3) and json_too_deep({"a": [{"b": []}]}, limit=3)


def test_a_list_body_on_the_token_endpoint_answers_400():
    response = APIClient().post("/api/auth/token/", "[1, 2]", content_type="application/json")
    assert response.status_code == 400


@pytest.fixture
def failing_webhook_add(monkeypatch):
    def install(exc):
        def fail(**kwargs):
            raise exc

        monkeypatch.setattr(services, "webhook_add", fail)

    return install


def _register_webhook(user):
    return token_client(user).post("/api/webhooks/", {"url": "https://hooks.example.org/in"}, format="json")


def _records_about(caplog, name):
    return [r for r in caplog.records if name in r.getMessage() or (r.exc_info and name in repr(r.exc_info[1]))]


def test_a_locked_database_answers_503_with_retry_after_and_is_logged_once(cast, failing_webhook_add, caplog):
    failing_webhook_add(OperationalError("database is locked"))
    with caplog.at_level(logging.INFO):
        response = _register_webhook(cast.holder1_user)
    assert response.status_code == 503 and response["Retry-After"] == "2" and response.json()["detail"]
    assert len(_records_about(caplog, "database is locked")) == 1
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_an_integrity_error_answers_409(cast, failing_webhook_add, caplog):
    failing_webhook_add(IntegrityError("UNIQUE constraint failed"))
    with caplog.at_level(logging.INFO):
        response = _register_webhook(cast.holder1_user)
    assert response.status_code == 409 and response.json()["detail"]
    assert len(_records_about(caplog, "UNIQUE constraint failed")) == 1


def test_a_service_conflict_answers_409_with_its_message(cast, failing_webhook_add):
    failing_webhook_add(services.Conflict("Already decided by Claire."))
    response = _register_webhook(cast.holder1_user)
    assert response.status_code == 409 and response.json() == {"detail": "Already decided by Claire."}


def test_an_unexpected_error_answers_json_and_is_logged_once_with_its_traceback(cast, failing_webhook_add, caplog):
    failing_webhook_add(RuntimeError("boom"))
    with caplog.at_level(logging.INFO):
        response = _register_webhook(cast.holder1_user)
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert response.json()["detail"]
    [record] = _records_about(caplog, "boom")
    assert record.exc_info is not None


def test_an_unknown_api_address_answers_json_404(cast):
    response = token_client(cast.holder1_user).get("/api/items/not-a-number./")
    assert response.status_code == 404 and response.json()["detail"]
