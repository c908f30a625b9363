"""Pages in Simplified Chinese: translated text, dates and countdowns in Chinese."""

import re

import pytest
from playwright.sync_api import expect

from confirmations.tests.factories import file_case, item_input
from recordals.tests.factories import recordal_in_force
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_in_chinese(new_page, live_server, cast, login, shot):
    recordal = recordal_in_force(cast.holder1, title="LUMIÈRE")
    case = file_case(cast.officer1, [item_input(recordal, description="Watches", value="250000.00")])
    for name, options in (("desktop", {"viewport": {"width": 1280, "height": 900}}), ("phone", PHONE)):
        page = new_page(options)
        login(page, cast.holder1_user)
        page.get_by_label("Language").select_option("zh-hans")
        page.get_by_role("button", name="Change").click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        page.goto(f"{live_server.url}/inbox/")
        expect(page.get_by_role("heading", level=1)).to_have_text("涉嫌侵权货物")
        expect(page.locator("main")).to_contain_text("答复期限")
        expect(page.locator("main")).to_contain_text("北京时间")
        expect(page.locator("main time").first).to_have_text(re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"))
        expect(page.locator(".countdown").first).to_contain_text("剩余")
        shot(page, f"chinese-01-inbox-{name}")
        page.goto(f"{live_server.url}{case.items.get().get_absolute_url()}")
        expect(page.locator("main")).to_contain_text("250,000.00")
        expect(page.locator("main")).to_contain_text("100,000.00")
        shot(page, f"chinese-02-item-{name}")
