"""The holder's application for detention on desktop and phone: a problem first (the error summary links to
the field, what was typed stays, files are asked for again), then a sent application showing its deadlines."""

import re

import pytest
from playwright.sync_api import expect

from confirmations.models import DetentionRequest
from conftest import SERVICE_SKIP_PREFIX, _missing_service
from recordals.tests.factories import recordal_in_force
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_every_page import AXE, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def axe():
    """The axe-core script, as the every-page test runs it."""
    if not AXE.exists():
        _missing_service(f"{SERVICE_SKIP_PREFIX} axe-core: run `npm ci` at the repository root")
    return AXE.read_text()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_holder_fixes_a_problem_then_sends_the_application(
    new_page,
    live_server,
    cast,
    login,
    shot,
    axe,
    jpeg,
    size,
):
    recordal = recordal_in_force(cast.holder1, title="LUMIÈRE")
    page = new_page(PHONE if size == "phone" else DESKTOP)
    login(page, cast.holder1_user)
    page.goto(f"{live_server.url}/detention-requests/")
    page.get_by_role("link", name="Apply for detention").click()
    expect(page).to_have_url(re.compile(r"/detention-requests/new/$"))

    page.get_by_label("Recordal invoked").select_option(str(recordal.pk))
    page.get_by_label("Customs office").select_option(str(cast.office1.pk))
    page.locator("#id_goods").fill("Fake LUMIÈRE watches")
    page.get_by_label("Quantity").fill("120")
    page.get_by_label("Goods value").fill("9000")
    page.get_by_label("Waybill number").fill("WB-2026-42")
    page.get_by_label("Expected port").fill("Ningbo")
    page.get_by_label("Expected from").fill("2026-03-20")
    page.get_by_label("Expected until").fill("2026-03-15")
    page.get_by_label("Why the goods infringe").fill("The order confirmation names our mark.")
    page.get_by_label("Images (JPEG or PNG)").set_input_files(jpeg("crate.jpg", (150, 40, 40)))
    page.get_by_role("button", name="Send the application").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("The end of the expected window comes before its start.")
    expect(page.locator("#id_goods")).to_have_value("Fake LUMIÈRE watches")
    expect(page.get_by_label("Waybill number")).to_have_value("WB-2026-42")
    expect(page.locator(".field.has-error")).to_have_count(2)
    expect(page.locator("#id_images_error")).to_contain_text("choose them again")
    found = check_page(page, axe)
    assert not found["violations"], found["violations"]
    assert size == "desktop" or found["scroll_width"] <= found["inner_width"]
    shot(page, f"detention-request-error-{size}")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Expected until")).to_be_focused()

    page.get_by_label("Expected until").fill("2026-03-31")
    page.get_by_label("Images (JPEG or PNG)").set_input_files(jpeg("crate.jpg", (150, 40, 40)))
    page.get_by_role("button", name="Send the application").click()

    request = DetentionRequest.objects.get()
    expect(page).to_have_url(re.compile(f"{request.get_absolute_url()}$"))
    expect(page.locator(".messages")).to_contain_text("Your application is sent")
    expect(page.get_by_text("Review due by")).to_be_visible()
    expect(page.get_by_role("link", name="crate.jpg")).to_be_visible()
    found = check_page(page, axe)
    assert not found["violations"], found["violations"]
    assert size == "desktop" or found["scroll_width"] <= found["inner_width"]
    shot(page, f"detention-request-sent-{size}")
