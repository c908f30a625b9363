"""Webhook URLs: only public http(s) hosts are registered, the secret is shown once, redirects are not followed."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from confirmations.tests.factories import file_case, item_input
from portal.notices.destinations import webhook_url_problem
from portal.notices.models import Delivery, WebhookEndpoint
from portal.notices.sending import delivery_attempt

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example.com/in",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://hooks.example.com/",
        "http://127.0.0.1:6379/",
        "http://127.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://localhost:8000/",
        "http://api.localhost/",
        "http://metadata.google.internal/",
        "http://printer.local/",
        "http://intranet/",
        "https://user:secret@hooks.example.com/",
        "https://hooks.example.com:99999/",
    ],
)
def test_webhook_to_a_non_public_or_odd_url_is_refused(api_client, cast, url):
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post("/api/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400 and "url" in response.json(), response.content
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url", ["https://hooks.example.com/ipr", "http://8.8.8.8:8443/in", "https://[2606:4700::1111]/"]
)
def test_public_webhook_urls_are_accepted(cast, url):
    assert webhook_url_problem(url) == ""


def test_secret_is_shown_once_and_never_listed(api_client, cast):
    api_client.force_authenticate(cast.holder1_user)
    created = api_client.post("/api/webhooks/", {"url": "https://hooks.example.com/ipr"}, format="json")
    assert created.status_code == 201 and len(created.json()["secret"]) == 64
    listed = api_client.get("/api/webhooks/").json()["results"]
    assert listed and "secret" not in listed[0]


class _Redirector(BaseHTTPRequestHandler):
    hits: list = []

    def do_POST(self):
        self.hits.append(self.path)
        if self.path == "/hook":
            self.send_response(307)
            self.send_header("Location", "/internal-admin")
        else:
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def redirecting_server():
    _Redirector.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Redirector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_redirecting_webhook_is_a_failed_delivery_and_the_target_is_not_posted_to(
    cast, recordals, redirecting_server, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_WEBHOOK_ALLOW_PRIVATE = True  # the test receiver listens on 127.0.0.1
    endpoint = WebhookEndpoint.objects.create(
        organization=cast.holder2, url=f"http://127.0.0.1:{redirecting_server.server_port}/hook"
    )
    with django_capture_on_commit_callbacks(execute=False):
        file_case(cast.officer1, [item_input(recordals.nordik)])
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery_attempt(delivery_id=delivery.pk) == Delivery.Status.QUEUED
    delivery.refresh_from_db()
    assert "307" in delivery.last_error
    assert _Redirector.hits == ["/hook"]


def test_the_admin_never_shows_a_webhook_secret(client, cast):
    from portal.accounts.models import User

    endpoint = WebhookEndpoint.objects.create(organization=cast.holder1, url="https://hooks.example.com/ipr")
    User.objects.filter(pk=cast.admin.pk).update(is_staff=True, is_superuser=True)
    client.force_login(cast.admin)
    page = client.get(f"/admin/notices/webhookendpoint/{endpoint.pk}/change/")
    assert page.status_code == 200 and endpoint.secret not in page.content.decode()


def test_webhook_language_is_chosen_on_registering_and_listed(api_client, cast):
    api_client.force_authenticate(cast.holder1_user)
    created = api_client.post(
        "/api/webhooks/", {"url": "https://hooks.example.com/zh", "language": "zh-hans"}, format="json"
    )
    assert created.status_code == 201 and created.json()["language"] == "zh-hans"
    default = api_client.post("/api/webhooks/", {"url": "https://hooks.example.com/en"}, format="json")
    assert default.json()["language"] == "en"
    listed = {row["url"]: row["language"] for row in api_client.get("/api/webhooks/").json()["results"]}
    assert listed == {"https://hooks.example.com/zh": "zh-hans", "https://hooks.example.com/en": "en"}
    refused = api_client.post("/api/webhooks/", {"url": "https://hooks.example.com/x", "language": "fr"}, format="json")
    assert refused.status_code == 400 and "language" in refused.json()


def test_webhook_page_registers_the_chosen_language(client, cast):
    client.force_login(cast.holder1_user)
    client.post("/webhooks/", {"url": "https://holder.example/hook", "language": "zh-hans"})
    assert cast.holder1.webhooks.get().language == "zh-hans"
    assert "简体中文" in client.get("/webhooks/").content.decode()
