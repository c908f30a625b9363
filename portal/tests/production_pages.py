"""Render the main pages of a seeded database with the settings in the environment; print JSON.

Run as ``python -m portal.tests.production_pages`` in a separate process, so the settings mode
(``PORTAL_ENV=production``) and static files storage are exactly those of the running image.
Prints ``{"<who> <path>": <status>, ...}`` and, for any page that raised, its exception.
"""

import json
import os
import sys


def page_plan():
    """Return (username or None, path) pairs covering every role's main pages."""
    from confirmations.models import Case, Item
    from recordals.models import Recordal

    approved = Recordal.objects.filter(holder__name="Maison Lumière", status="approved").order_by("pk").first()
    submitted = Recordal.objects.filter(status="submitted").order_by("pk").first()
    case = Case.objects.filter(office__name__startswith="Yangshan").order_by("pk").first()
    item = Item.objects.filter(holder__name="Maison Lumière").order_by("pk").first()
    anonymous = [
        "/",
        "/accounts/login/",
        "/accounts/password-reset/",
        f"/recordals/lookup/?q={approved.number}",
        "/api/docs/",
        "/api/schema/",
        "/admin/login/",
        "/healthz/",
        "/penalties/",
    ]
    plan = [(None, path) for path in anonymous]
    plan += [
        ("admin", path)
        for path in ("/", "/recordals/review/", f"/recordals/{submitted.pk}/review/", "/statistics/", "/bonds/")
    ]
    plan += [("admin", "/statistics/risk/"), ("admin", "/statistics/holders/"), ("admin", "/penalties/manage/")]
    plan += [("officer1", "/statistics/risk/"), ("holder1", "/statistics/holders/")]
    plan += [
        ("admin", "/admin/"),
        ("officer1", "/"),
        ("officer1", "/cases/"),
        ("officer1", f"/cases/{case.pk}/"),
        ("officer1", "/cases/new/"),
        ("officer1", "/recordals/search/?q=lumiere"),
        ("officer1", "/notices/"),
    ]
    plan += [
        (username, path)
        for username in ("holder1", "agent1")
        for path in ("/", "/inbox/", f"/items/{item.pk}/", "/recordals/", f"/recordals/{approved.pk}/", "/notices/")
    ]
    plan += [("holder1", "/recordals/new/"), ("holder1", "/bonds/"), ("holder1", "/webhooks/")]
    plan += [
        (username, path)
        for username in ("holder1", "officer1")
        for path in ("/detention-requests/", "/tips/", *detention_request_pages())
    ]
    plan += [("holder1", "/detention-requests/new/"), ("holder1", "/tips/new/")]
    return plan


def detention_request_pages() -> list[str]:
    """Return the seeded application for detention's page and the seeded tip's, when they exist."""
    from confirmations.models import DetentionRequest, Tip

    request = DetentionRequest.objects.order_by("pk").first()
    tip = Tip.objects.order_by("pk").first()
    return [row.get_absolute_url() for row in (request, tip) if row is not None]


def render_all() -> dict:
    """Request every planned page over HTTPS (as behind the proxy) and collect the status codes."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from portal.periodic import periodic_run_record, worker_beat, worker_started

    # What a freshly started worker records: its start, a heartbeat and a run of each watched sweep.
    worker_started(worker="page-check")
    worker_beat(worker="page-check")
    for name in settings.PORTAL_PERIODIC_MAX_AGE:
        periodic_run_record(task=settings.CELERY_BEAT_SCHEDULE[name]["task"], worker="page-check")
    users = {user.username: user for user in get_user_model().objects.all()}
    results = {}
    for username, path in page_plan():
        client = Client(HTTP_X_FORWARDED_PROTO="https", raise_request_exception=False)
        if username:
            client.force_login(users[username])
        response = client.get(path, follow=True)
        key = f"{username or 'anonymous'} {path}"
        results[key] = response.status_code
        if response.status_code >= 500 and getattr(response, "exc_info", None):
            results[f"{key} error"] = repr(response.exc_info[1])
    return results


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    print(json.dumps(render_all()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
