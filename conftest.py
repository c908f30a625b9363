"""Fixtures shared by every app: the cast of a typical scenario, and service guards.

Tests that need a real PostgreSQL or Redis are marked ``postgres`` / ``redis``. Where the
server is not there they are skipped with a stated reason, unless ``PORTAL_REQUIRE_SERVICES``
is set (as CI does), in which case a missing server fails the test instead.
"""

import os
import shutil
import socket
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from rest_framework.test import APIClient

from portal.tests.factories import (
    AdminDepartmentFactory,
    AgentFirmFactory,
    DelegationFactory,
    HolderFactory,
    OfficeFactory,
    member_of,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "test-artifacts" / "screenshots"
REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}
SERVICE_SKIP_PREFIX = "needs a running"
# Every test runs on a clock frozen at this instant (still ticking), unless marked ``real_clock``.
# PORTAL_TEST_NOW moves it, e.g. PORTAL_TEST_NOW=2026-12-31T16:30:00Z (00:30 on 1 January in Shanghai).
DEFAULT_TEST_NOW = "2026-03-10T10:00:00+08:00"


def _missing_service(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (PORTAL_REQUIRE_SERVICES is set)")
    pytest.skip(reason)


def redis_reachable() -> bool:
    url = settings.REDIS_URL
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        _missing_service(f"{SERVICE_SKIP_PREFIX} PostgreSQL: set DATABASE_URL=postgres://...")
    if item.get_closest_marker("browser") and not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _missing_service(f"{SERVICE_SKIP_PREFIX} Chromium: install Debian's chromium package")
    if item.get_closest_marker("redis") and not redis_reachable():
        _missing_service(f"{SERVICE_SKIP_PREFIX} Redis: set REDIS_URL=redis://... to a live server")


def frozen_instant(pinned: str | None = None) -> datetime:
    """Return the test instant: ``pinned``, else PORTAL_TEST_NOW (ISO 8601; Shanghai if naive), else the default."""
    moment = datetime.fromisoformat(pinned or os.environ.get("PORTAL_TEST_NOW") or DEFAULT_TEST_NOW)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _frozen_clock(request):
    """Run the test on a clock set to the frozen instant; it ticks, so timeouts and polls still advance."""
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    pinned = request.node.get_closest_marker("frozen_at")
    with time_machine.travel(frozen_instant(pinned.args[0] if pinned else None), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Keep uploaded files of each test in its own temporary folder; hash test passwords fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reset_axes_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def cast(db):
    """An administrator, two offices with an officer each, two holders, an agent firm."""
    from types import SimpleNamespace

    admin_dept = AdminDepartmentFactory(name="National IPR Department")
    office1 = OfficeFactory(name="Port Office One")
    office2 = OfficeFactory(name="Port Office Two", district=office1.district)
    holder1 = HolderFactory(name="Maison Lumière")
    holder2 = HolderFactory(name="Nordic Timepieces")
    agent_firm = AgentFirmFactory(name="Jade Law Firm")
    delegation = DelegationFactory(holder=holder1, agent=agent_firm)
    return SimpleNamespace(
        admin_dept=admin_dept,
        office1=office1,
        office2=office2,
        holder1=holder1,
        holder2=holder2,
        agent_firm=agent_firm,
        delegation=delegation,
        admin=member_of(admin_dept, username="t-admin"),
        officer1=member_of(office1, username="t-officer1"),
        officer2=member_of(office2, username="t-officer2"),
        holder1_user=member_of(holder1, username="t-holder1"),
        holder1b_user=member_of(holder1, username="t-holder1b"),
        holder2_user=member_of(holder2, username="t-holder2"),
        agent_user=member_of(agent_firm, username="t-agent1"),
        outsider=member_of(HolderFactory(name="Unrelated Holder"), username="t-outsider"),
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium headless, with no background traffic."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def shot():
    """Save a screenshot of a page under test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(live_server):
    """Log a page in through the login form as the given user."""
    from portal.tests.factories import PASSWORD

    def do_login(page, user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("domcontentloaded")

    return do_login
