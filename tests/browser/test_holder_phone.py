"""The holder's path on a phone: from the notice e-mail's link to a sent decision in at most three taps."""

import re

import pytest
from playwright.sync_api import expect

from confirmations.models import Item
from confirmations.tests.factories import file_case, item_input
from portal.tests.factories import PASSWORD
from portal.uploads import verify_image
from recordals.models import RecordalImage
from recordals.tests.factories import image_upload, recordal_image, recordal_in_force
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pending_item(cast):
    recordal = recordal_in_force(cast.holder1, title="LUMIÈRE", infringers=["Shady Exports Ltd"])
    recordal_image(recordal, kind=RecordalImage.Kind.GENUINE, color="goldenrod")
    case = file_case(
        cast.officer1,
        [
            item_input(
                recordal,
                description="Wristwatches, LUMIÈRE dial",
                value="48000.00",
                photos=[
                    verify_image(image_upload("front.jpg", color=(160, 110, 40))),
                    verify_image(image_upload("back.jpg", color=(60, 60, 60))),
                ],
            )
        ],
        consignor="Shady Exports Ltd",
    )
    return case.items.get()


def test_holder_decides_on_a_phone_within_three_taps(new_page, live_server, cast, pending_item, shot):
    phone = new_page(PHONE)
    # The notice e-mail links to the item page; the login page sends the holder back there.
    phone.goto(f"{live_server.url}{pending_item.get_absolute_url()}")
    expect(phone).to_have_url(re.compile(r"/accounts/login/\?next="))
    shot(phone, "phone-01-login-from-email-link")
    phone.get_by_label("Username").fill(cast.holder1_user.username)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").tap()
    expect(phone).to_have_url(re.compile(pending_item.get_absolute_url() + "$"))
    expect(phone.locator(".badge.status-flagged").first).to_be_visible()
    shot(phone, "phone-02-item-page")

    taps = 0
    phone.get_by_role("radio", name=re.compile("^Infringing")).tap()
    taps += 1
    confirm = phone.locator("[data-confirm-step]")
    expect(confirm).to_contain_text("case bond of 24,000.00 CNY")
    shot(phone, "phone-03-confirm-step")
    phone.get_by_role("button", name="Confirm and send").tap()
    taps += 1
    expect(phone.locator(".messages")).to_contain_text("Your decision was sent")
    shot(phone, "phone-04-decision-sent")
    assert taps <= 3
    pending_item.refresh_from_db()
    assert (pending_item.status, pending_item.bond_kind) == (Item.Status.INFRINGING, Item.Bond.CASE)
    assert pending_item.bond_amount_cny == 24000


def test_keyboard_can_reach_the_decision_buttons(page, live_server, cast, pending_item, login):
    login(page, cast.holder1_user)
    page.goto(f"{live_server.url}{pending_item.get_absolute_url()}")
    page.locator("#decide-title").click()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "decision":
            break
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name=re.compile("^Not infringing"))).to_be_checked()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Confirm and send":
            break
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Your decision was sent")
