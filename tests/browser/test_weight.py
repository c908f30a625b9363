"""The item page on a slow 4G phone: bytes transferred and time to load, under Chromium's network emulation."""

import io
import json
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from confirmations.tests.factories import file_case, item_input
from conftest import SCREENSHOTS
from portal.uploads import verify_image
from recordals.models import RecordalImage
from recordals.tests.factories import recordal_image, recordal_in_force
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOW_4G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8}


def camera_photo(name: str, seed: int) -> SimpleUploadedFile:
    """Return a noisy 1600 x 1200 JPEG, about as heavy as a phone camera's photo of goods."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (400, 300), bytes(rng.randrange(256) for _ in range(400 * 300 * 3)))
    buffer = io.BytesIO()
    image.resize((1600, 1200)).save(buffer, "JPEG", quality=92)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def heavy_item(cast):
    recordal = recordal_in_force(cast.holder1, title="LUMIÈRE")
    recordal_image(recordal, kind=RecordalImage.Kind.GENUINE, color="goldenrod")
    photos = [verify_image(camera_photo(f"p{n}.jpg", n)) for n in range(3)]
    case = file_case(cast.officer1, [item_input(recordal, description="Wristwatches", value="48000.00", photos=photos)])
    return case.items.get()


def measure(page, url: str) -> dict:
    """Load ``url`` on slow 4G with a cold cache; return the bytes received (in all, and of what is not an image)
    and seconds to the load event, and each response's address, type and size.

    Which lazy images Chrome fetches before the load event depends on its estimate of the connection, taken as the
    page loads: the photos' share of the total varies from run to run, the rest does not."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    received, kinds, times = {}, {}, []
    cdp.on("Network.requestWillBeSent", lambda e: times.append(e["timestamp"]))
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], (e["response"]["url"], e["type"])))
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.on("Network.loadingFinished", lambda e: times.append(e["timestamp"]))
    page.goto(url, wait_until="load", timeout=120_000)
    cdp.send("Network.emulateNetworkConditions", {**SLOW_4G, "latency": 0, "downloadThroughput": -1})
    responses = [(*kinds.get(request, ("?", "?")), size) for request, size in received.items()]
    return {
        "bytes": sum(received.values()),
        "bytes_not_images": sum(size for _url, kind, size in responses if kind != "Image"),
        "requests": len(received),
        "seconds": round(max(times) - min(times), 2),
        "responses": responses,
    }


def test_item_page_on_slow_4g_loads_the_decision_without_waiting_for_every_photo(
    new_page, live_server, cast, heavy_item, login
):
    phone = new_page(PHONE)
    login(phone, cast.holder1_user)
    figures = measure(phone, f"{live_server.url}{heavy_item.get_absolute_url()}")
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "item-page-slow-4g.json").write_text(json.dumps(figures))
    print("item page on slow 4G:", figures)
    assert phone.locator("#decide").is_visible()
    # The page, its styles and scripts: what the decision waits for.
    assert figures["bytes_not_images"] < 150_000, figures["responses"]
    # Photos fetched by then (none, some or all of the lazy ones) come as thumbnails (the first one's display version
    # where the screen is wide enough for it), never as the camera's original.
    photos = [url for url, kind, _size in figures["responses"] if kind == "Image" and "/items/photos/" in url]
    assert all(url.endswith(("/thumb/", "/display/")) for url in photos), figures["responses"]
    shown = phone.locator(".photos.large img").evaluate_all(
        "images => images.map(image => [image.getAttribute('src'), image.getAttribute('srcset') || ''])"
    )
    assert len(shown) == 3 and all(source.endswith("/thumb/") for source, _set in shown)
    assert [bool(choices) for _source, choices in shown] == [True, False, False]
    assert "/display/ 1600w" in shown[0][1] and "/items/photos/" in shown[0][1]
    assert sum(url.endswith("/display/") for url in photos) <= 1, figures["responses"]
