"""What the console shows for a request: a refusal is one line, without a traceback."""

import io
import logging

import pytest

from portal.accounts.models import User


@pytest.fixture
def console(monkeypatch, settings):
    """Capture what every console handler Django's request and server loggers reach would print."""
    settings.DEBUG = True  # as under `make run`, where Django's own console handler is active
    stream = io.StringIO()
    for name in ("django.request", "django.server"):
        logger = logging.getLogger(name)
        while logger is not None:
            for handler in logger.handlers:
                if type(handler) is logging.StreamHandler:
                    monkeypatch.setattr(handler, "stream", stream)
            logger = logger.parent if logger.propagate else None
    return stream


@pytest.mark.django_db
def test_a_refused_page_is_logged_once_without_a_traceback(client, console):
    client.force_login(User.objects.create_user("no-organization", password="x"))
    response = client.get("/bonds/")
    assert response.status_code == 403
    lines = [line for line in console.getvalue().splitlines() if line.strip()]
    assert lines == [lines[0]]
    assert "Forbidden (Permission denied): /bonds/" in lines[0]
    assert "Traceback" not in console.getvalue()


@pytest.mark.django_db
def test_a_missing_page_is_logged_once(client, console):
    client.get("/no-such-page/")
    lines = [line for line in console.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1
    assert "Not Found: /no-such-page/" in lines[0]


def test_runserver_access_line_of_an_error_is_left_to_the_request_log(console):
    server = logging.getLogger("django.server")
    server.warning('"%s" %s %s', "GET /bonds/ HTTP/1.1", "403", "10", extra={"status_code": 403})
    server.info('"%s" %s %s', "GET / HTTP/1.1", "200", "10", extra={"status_code": 200})
    lines = console.getvalue().splitlines()
    assert len(lines) == 1
    assert '"GET / HTTP/1.1" 200 10' in lines[0]
