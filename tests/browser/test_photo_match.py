"""Photo matching in the browser: the officer picks an offered recordal; a phone shows the pair side by side."""

import json
import re

import pytest
from playwright.sync_api import expect

from confirmations.tests.factories import file_case, item_input
from portal.uploads import verify_image
from recordals.tests.factories import recordal_in_force
from recordals.tests.pictures import cropped, logo, recompressed, recorded, resized, upload
from tests.browser.conftest import PHONE
from tests.browser.test_every_page import axe_source, check_page  # noqa: F401  (the fixture, for axe)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _suspect(seed: int):
    return recompressed(resized(cropped(logo(seed), left=0.04, top=0.03), 0.6), 60)


def test_officer_is_offered_the_recordal_whose_image_looks_like_the_photo(
    page, live_server, cast, login, shot, tmp_path
):
    lumiere = recordal_in_force(cast.holder1, title="LUMIÈRE")
    nordik = recordal_in_force(cast.holder2, title="NORDIK")
    recorded(lumiere, logo(1))
    recorded(nordik, logo(2))
    photo = tmp_path / "suspect.jpg"
    photo.write_bytes(upload(_suspect(2)).read())
    login(page, cast.officer1)
    page.goto(f"{live_server.url}/cases/new/")
    item = page.locator("[data-item-form]").first
    item.locator("input[type=file]").set_input_files([str(photo)])
    offers = item.locator("[data-photo-matches] li")
    expect(offers).to_have_count(1)
    expect(offers.first).to_contain_text(nordik.number)
    expect(offers.first).to_contain_text("% alike")
    expect(item.locator("[data-previews] li")).to_have_count(1)
    shot(page, "filing-photo-match-offered")
    offers.first.get_by_role("button", name=f"Use this recordal: {nordik.number}").click()
    expect(item.locator("[data-chosen]")).to_contain_text(nordik.number)
    expect(item.locator('input[type=hidden][name="items-0-recordal"]')).to_have_value(str(nordik.pk))
    shot(page, "filing-photo-match-chosen")


def test_phone_shows_the_suspect_photo_beside_the_recorded_image(
    new_page,
    live_server,
    cast,
    login,
    shot,
    axe_source,  # noqa: F811
):
    lumiere = recordal_in_force(cast.holder1, title="LUMIÈRE")
    recorded(lumiere, logo(1))
    case = file_case(cast.officer1, [item_input(lumiere, photos=[verify_image(upload(_suspect(1)))])])
    phone = new_page(PHONE)
    login(phone, cast.holder1_user)
    phone.goto(f"{live_server.url}{case.items.get().get_absolute_url()}")
    pair = phone.locator("[data-photo-pair]")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text("% alike")
    suspect, genuine = (pair.locator("img").nth(i) for i in range(2))
    suspect.scroll_into_view_if_needed()
    expect(genuine).to_be_visible()
    left, right = suspect.bounding_box(), genuine.bounding_box()
    assert abs(left["y"] - right["y"]) < 2, (left, right)
    assert left["x"] + left["width"] <= right["x"] and right["x"] + right["width"] <= 390
    assert left["width"] > 120 and right["width"] > 120
    decision = phone.locator("#decide").bounding_box()
    assert decision["y"] < pair.bounding_box()["y"]
    back = phone.get_by_role("link", name="Back to your decision")
    expect(back).to_be_in_viewport()
    found = check_page(phone, axe_source)
    shot(phone, "phone-photo-pair")
    assert not found["violations"], json.dumps(found["violations"], indent=1)
    assert found["scroll_width"] <= found["inner_width"]
    back.tap()
    expect(phone.get_by_role("radio", name=re.compile("^Infringing"))).to_be_in_viewport()
