"""Fixtures of the notices tests: throw-away templates and a webhook receiver on 127.0.0.1."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest


@pytest.fixture(autouse=True)
def _test_templates(settings, tmp_path):
    folder = tmp_path / "templates" / "notices" / "tests"
    folder.mkdir(parents=True)
    (folder / "notice_subject.txt").write_text("{% load i18n %}{% translate 'Suspect goods' %}: {{ name }}")
    (folder / "notice_body.txt").write_text("Hello {{ recipient.username }}, see {{ link }}")
    (folder / "notice_body.html").write_text("<p>Hello {{ recipient.username }}, <a href='{{ link }}'>open</a></p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path / "templates"]}]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.PORTAL_WEBHOOK_ALLOW_PRIVATE = True  # the test's receiver listens on 127.0.0.1


class Recorder(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 - http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Recorder.received.append((dict(self.headers), body))
        self.send_response(Recorder.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook_server():
    Recorder.received = []
    Recorder.status = 200
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", Recorder
    server.shutdown()
