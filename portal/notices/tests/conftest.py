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
    engine, *others = settings.TEMPLATES
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path / "templates"]}, *others]
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


@pytest.fixture
def worker_process(tmp_path, settings):
    """Start real Celery workers as subprocesses on the test database and the Redis broker.

    ``start(queues, concurrency, **env)`` returns the process (its own session, so a test can
    SIGKILL the whole worker like a container kill); every worker still running is killed at the end.
    """
    import os
    import signal
    import subprocess
    import sys
    import time

    from django.db import connection

    database = connection.settings_dict
    started = []

    def start(queues: str, *, concurrency: int = 2, pool: str = "prefork", name: str = "worker", **env):
        log = tmp_path / f"{name}-{len(started)}.log"
        environment = {
            **os.environ,
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": settings.REDIS_URL,
            "PORTAL_VAR_DIR": str(tmp_path / "var"),
            "PORTAL_WEBHOOK_ALLOW_PRIVATE": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
            **{key: str(value) for key, value in env.items()},
        }
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", queues]
        command += ["-n", f"{name}{len(started)}@%h"]
        command += [
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ]
        process = subprocess.Popen(
            command, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log = log
        started.append(process)
        deadline = time.monotonic() + 30
        while "ready." not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.1)
        return process

    def kill(process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    start.kill = kill
    yield start
    for process in started:
        kill(process)


@pytest.fixture
def empty_broker(settings):
    """Point the Celery app at the test Redis with empty queues; restore it afterwards."""
    import redis

    from portal.celery import app

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = previous
