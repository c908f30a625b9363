"""The login page in a real browser."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_user_logs_in_and_sees_its_name_and_organization(page, live_server, cast, login, shot):
    login(page, cast.holder1_user)
    expect(page.locator(".account .who")).to_contain_text(cast.holder1.name)
    shot(page, "foundation-holder-after-login")


def test_wrong_password_keeps_the_user_on_the_login_page_with_an_error(page, live_server, cast, login, shot):
    login(page, cast.holder1_user, password="not-the-password")
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value(cast.holder1_user.username)
    shot(page, "foundation-login-error")


def test_language_switch_shows_the_page_in_chinese(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
