"""Helpers of the browser tests: eager Celery, browser contexts at desktop and phone size, photos.

The browser's clock starts at the test's frozen instant and ticks, like the server's, so countdowns
and dates on the pages agree with the deadlines the server computed.
"""

import io

import pytest
from django.utils import timezone
from PIL import Image

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture(autouse=True)
def _eager_celery():
    """Run the notice tasks queued on commit inside the live server's thread."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def context(context):
    """Run pytest-playwright's browser context on the test's clock."""
    context.clock.install(time=timezone.now())
    return context


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context (its own cookies): ``new_page(PHONE)``."""
    contexts = []

    def open_page(options=DESKTOP):
        context = browser.new_context(**options)
        context.clock.install(time=timezone.now())
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def jpeg(tmp_path):
    """Write a small JPEG with a coloured square and return its path."""

    def make(name, color):
        image = Image.new("RGB", (320, 240), (235, 235, 235))
        image.paste(Image.new("RGB", (160, 160), color), (80, 40))
        path = tmp_path / name
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        path.write_bytes(buffer.getvalue())
        return str(path)

    return make
