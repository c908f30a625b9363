"""The whole story in real browsers: an officer files, two holders decide, the officer acts live."""

import re

import pytest
from playwright.sync_api import expect

from confirmations.models import Case, Item
from recordals.models import RecordalImage
from recordals.tests.factories import recordal_image, recordal_in_force

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def marks(cast):
    lumiere = recordal_in_force(cast.holder1, title="LUMIÈRE")
    nordik = recordal_in_force(cast.holder2, title="NORDIK")
    recordal_image(lumiere, kind=RecordalImage.Kind.MARK, color="darkred")
    recordal_image(lumiere, kind=RecordalImage.Kind.GENUINE, color="goldenrod")
    recordal_image(nordik, kind=RecordalImage.Kind.GENUINE, color="steelblue")
    return lumiere, nordik


def fill_item(page, index, *, search, pick, description, quantity, value, photos):
    item = page.locator("[data-item-form]").nth(index)
    item.get_by_role("combobox", name="Recordal").press_sequentially(search, delay=30)
    item.get_by_role("option", name=pick).click()
    expect(item.locator("[data-chosen]")).to_contain_text(pick)
    item.get_by_label("Description").fill(description)
    item.get_by_label("Quantity").fill(quantity)
    item.get_by_label("Value").fill(value)
    item.locator("input[type=file]").set_input_files(photos)
    expect(item.locator("[data-previews] img")).to_have_count(len(photos))


def test_officer_files_two_items_of_two_holders_and_sees_both_answers_live(
    page, new_page, live_server, cast, marks, login, shot, jpeg
):
    lumiere, nordik = marks
    # The officer files the case: two items, each found by typing, with photos.
    login(page, cast.officer1)
    page.get_by_role("link", name="File a case").first.click()
    page.get_by_label("Channel").select_option("express")
    page.get_by_label("Direction").select_option("import")
    page.get_by_label("Waybill or declaration number").fill("EX-STORY-001")
    page.get_by_label("Consignor", exact=True).fill("Shenzhen Trading Co")
    page.get_by_label("Declared goods").fill("watches")
    fill_item(
        page,
        0,
        search="lumire",
        pick="LUMIÈRE",
        description="Watches marked LUMIÈRE",
        quantity="12",
        value="3600",
        photos=[jpeg("dial.jpg", (200, 30, 30)), jpeg("box.jpg", (30, 30, 200))],
    )
    page.get_by_role("button", name="Add an item").click()
    fill_item(
        page,
        1,
        search="nordk",
        pick="NORDIK",
        description="Clocks marked NORDIK",
        quantity="3",
        value="45000",
        photos=[jpeg("clock.jpg", (30, 160, 60))],
    )
    shot(page, "story-01-officer-filing-form")
    page.get_by_role("button", name="File the case and notify the holders").click()
    expect(page.get_by_role("heading", name="Case")).to_contain_text("EX-STORY-001")
    case = Case.objects.get(waybill_number="EX-STORY-001")
    first, second = case.items.order_by("pk")
    assert (first.photos.count(), second.photos.count()) == (2, 1)
    officer_rows = page.locator("[data-live-case] tbody tr")
    expect(officer_rows).to_have_count(2)
    shot(page, "story-02-officer-case-filed")

    # Holder 1 sees only its item, opens it, sees the bond amount, decides infringing.
    holder1 = new_page()
    login(holder1, cast.holder1_user)
    holder1.goto(f"{live_server.url}/inbox/")
    expect(holder1.get_by_role("link", name="Watches marked LUMIÈRE")).to_be_visible()
    expect(holder1.locator("main")).not_to_contain_text("Clocks marked NORDIK")
    shot(holder1, "story-03-holder1-inbox")
    holder1.get_by_role("link", name="Watches marked LUMIÈRE").click()
    expect(holder1.locator(".photos.large img")).to_have_count(2)
    holder1.locator(".photos.large a").first.click()
    expect(holder1.locator("dialog.lightbox")).to_be_visible()
    holder1.keyboard.press("ArrowRight")
    expect(holder1.locator("dialog.lightbox figcaption")).to_contain_text("2 of 2")
    shot(holder1, "story-04-holder1-lightbox")
    holder1.keyboard.press("Escape")
    expect(holder1.locator("dialog.lightbox")).to_be_hidden()
    holder1.get_by_role("radio", name=re.compile("^Infringing")).check()
    expect(holder1.locator("[data-confirm-step]")).to_contain_text("case bond of 3,600.00 CNY")
    shot(holder1, "story-05-holder1-confirm-step")
    holder1.get_by_role("button", name="Confirm and send").click()
    expect(holder1.locator(".messages")).to_contain_text("Your decision was sent")
    shot(holder1, "story-06-holder1-decided")

    # Holder 2 clears its item.
    holder2 = new_page()
    login(holder2, cast.holder2_user)
    holder2.goto(f"{live_server.url}{second.get_absolute_url()}")
    expect(holder2.locator("main")).not_to_contain_text("Watches marked LUMIÈRE")
    holder2.get_by_role("radio", name=re.compile("^Not infringing")).check()
    holder2.get_by_label("Comment (optional)").fill("Genuine stock of our distributor.")
    holder2.get_by_role("button", name="Confirm and send").click()
    expect(holder2.locator(".messages")).to_contain_text("Your decision was sent")
    shot(holder2, "story-07-holder2-decided")

    # The officer's page shows both answers by itself (never reloaded).
    expect(officer_rows.nth(0)).to_contain_text("Infringing: detention applied for")
    expect(officer_rows.nth(0)).to_contain_text("3,600.00 CNY")
    expect(officer_rows.nth(1)).to_contain_text("Not infringing")
    expect(officer_rows.nth(1)).to_contain_text("Genuine stock of our distributor.")
    expect(page.locator("[data-live-announce]")).to_contain_text("is now: ")
    shot(page, "story-08-officer-sees-both-answers-live")

    # The officer records the case bond, detains the first, releases the second, prints the notice.
    officer_rows.nth(0).get_by_role("link", name="Bond received…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record the bond as received")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messages")).to_contain_text("recorded as received")
    officer_rows.nth(0).get_by_role("button", name="Detain").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Detain item")
    expect(page.locator("main")).to_contain_text("against the case bond of 3,600.00 CNY")
    shot(page, "story-09a-officer-confirms-detention")
    page.get_by_role("button", name="Confirm: detain the goods").click()
    expect(officer_rows.nth(0)).to_contain_text("Detained")
    officer_rows.nth(1).get_by_role("button", name="Release").click()
    page.get_by_role("button", name="Confirm: release the goods").click()
    expect(officer_rows.nth(1)).to_contain_text("Released")
    shot(page, "story-09-officer-detained-and-released")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Item.Status.DETAINED, Item.Status.RELEASED)
    officer_rows.nth(0).get_by_role("link", name="Detention notice").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Notice of detention")
    expect(page.locator("main")).to_contain_text("EX-STORY-001")
    shot(page, "story-10-detention-notice")

    # The administrator sees the case in the statistics.
    admin = new_page()
    login(admin, cast.admin)
    admin.goto(f"{live_server.url}/statistics/")
    expect(admin.locator("[data-figure=cases]")).to_contain_text("1")
    expect(admin.locator("[data-chart=channel]")).to_contain_text("Express")
    shot(admin, "story-11-admin-statistics")
