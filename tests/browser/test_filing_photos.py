"""The filing form refuses a file that is not a photo, naming it, and saves nothing."""

import pytest
from playwright.sync_api import expect

from confirmations.models import Case, ItemPhoto
from recordals.tests.factories import recordal_in_force

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bad_photo_is_refused_with_its_name(page, live_server, cast, login, shot, tmp_path, jpeg):
    recordal_in_force(cast.holder1, title="LUMIÈRE")
    fake = tmp_path / "fake.jpg"
    fake.write_text("this is not a picture")
    login(page, cast.officer1)
    page.goto(f"{live_server.url}/cases/new/")
    item = page.locator("[data-item-form]").first
    item.locator("input[type=file]").set_input_files([str(fake), jpeg("real.jpg", (200, 30, 30))])
    expect(item.locator("[data-photo-errors]")).to_contain_text("fake.jpg is not a photo")
    expect(item.locator("[data-previews] li")).to_have_count(1)
    expect(item.locator("[data-previews]")).to_contain_text("real.jpg")
    shot(page, "filing-bad-photo-refused")
    assert not Case.objects.exists() and not ItemPhoto.objects.exists()


def test_server_errors_keep_what_was_typed_and_the_photos(page, live_server, cast, login, shot, jpeg):
    recordal_in_force(cast.holder1, title="LUMIÈRE")
    login(page, cast.officer1)
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Waybill or declaration number").fill("EX-KEPT-1")
    item = page.locator("[data-item-form]").first
    item.get_by_label("Description").fill("Watches")
    item.locator("input[type=file]").set_input_files([jpeg("kept.jpg", (20, 120, 20))])
    page.get_by_role("button", name="File the case and notify the holders").click()
    expect(page.locator(".form-errors").first).to_contain_text("Nothing was saved")
    expect(page.get_by_label("Waybill or declaration number")).to_have_value("EX-KEPT-1")
    item = page.locator("[data-item-form]").first
    expect(item.locator(".picker .error")).to_contain_text("Choose the recordal")
    expect(item.locator("[data-previews]")).to_contain_text("kept.jpg")
    shot(page, "filing-errors-beside-fields")
    assert not Case.objects.exists()
