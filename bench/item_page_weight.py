"""The holder's item page on an emulated slow 4G phone (400 kbit/s, 400 ms): bytes and seconds, printed.

Three 1600 x 1200 camera-like photos on one item. Measured twice with a cold cache: as the page is served
(display-size versions and thumbnails, lazy loading), and with every photo request answered by the original
upload, as the page was before display versions existed. Figures are printed, not asserted.

    python bench/item_page_weight.py        (a throw-away SQLite database; needs Chromium and Playwright)
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="item-weight-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="portal.settings",
    DATABASE_URL=f"sqlite:///{WORK / 'db.sqlite3'}",
    PORTAL_VAR_DIR=str(WORK),
    MEDIA_ROOT=str(WORK / "media"),
    REDIS_URL="",
    DJANGO_ALLOW_ASYNC_UNSAFE="true",
)

import django  # noqa: E402

django.setup()

import re  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test.testcases import LiveServerThread, _StaticFilesHandler  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from portal.celery import app  # noqa: E402

SLOW_4G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
PHOTO_VERSION = re.compile(r"/items/photos/(\d+)/(?:thumb|display)/$")


def scene():
    """Return a holder's login and the URL of an item with three camera-like photos."""
    from confirmations.tests.factories import file_case, item_input
    from portal.tests.factories import PASSWORD, HolderFactory, OfficeFactory, member_of
    from portal.uploads import verify_image
    from recordals.models import RecordalImage
    from recordals.tests.factories import recordal_image, recordal_in_force
    from tests.browser.test_weight import camera_photo

    holder, office = HolderFactory(name="Maison Lumière"), OfficeFactory(name="Port Office")
    user, officer = member_of(holder, username="bench-holder"), member_of(office, username="bench-officer")
    recordal = recordal_in_force(holder, title="LUMIÈRE")
    recordal_image(recordal, kind=RecordalImage.Kind.GENUINE, color="goldenrod")
    photos = [verify_image(camera_photo(f"p{n}.jpg", n)) for n in range(3)]
    case = file_case(officer, [item_input(recordal, description="Wristwatches", value="48000.00", photos=photos)])
    return user.username, PASSWORD, case.items.get().get_absolute_url()


def measure(page, url: str, *, originals: bool) -> dict:
    """Load ``url`` on slow 4G with a cold cache; return the bytes received and the seconds to the load event."""
    if originals:
        page.route(
            PHOTO_VERSION, lambda route: route.continue_(url=PHOTO_VERSION.sub(r"/items/photos/\1/", route.request.url))
        )
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    received, times = {}, []
    cdp.on("Network.requestWillBeSent", lambda e: times.append(e["timestamp"]))
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.on("Network.loadingFinished", lambda e: times.append(e["timestamp"]))
    page.goto(url, wait_until="load", timeout=180_000)
    at_load = {"bytes": sum(received.values()), "seconds": round(max(times) - min(times), 2)}
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle", timeout=180_000)
    page.wait_for_timeout(1500)
    return {
        "load": at_load,
        "all": {"bytes": sum(received.values()), "seconds": round(max(times) - min(times), 2)},
        "requests": len(received),
    }


def main() -> None:
    app.conf.task_always_eager = True
    call_command("migrate", verbosity=0)
    username, password, path = scene()
    server = LiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    base = f"http://127.0.0.1:{server.port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for label, originals in (("now (display versions, lazy)", False), ("original photos served", True)):
            context = browser.new_context(**PHONE)
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state("domcontentloaded")
            figures = measure(page, f"{base}{path}", originals=originals)
            load, whole = figures["load"], figures["all"]
            print(
                f"item page, slow 4G, {label}: load event after {load['bytes'] / 1000:.0f} kB, {load['seconds']} s; "
                f"scrolled to the end, every photo in: {whole['bytes'] / 1000:.0f} kB, {whole['seconds']} s "
                f"({figures['requests']} requests)"
            )
            context.close()
        browser.close()
    server.terminate()


if __name__ == "__main__":
    main()
