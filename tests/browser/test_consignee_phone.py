"""The consignee on a phone, from the e-mailed link, in English and Chinese: reads the detention facts, explains
in writing with a document, requests release against a counter-guarantee; another phone is refused."""

import re

import pytest
from playwright.sync_api import expect

from confirmations.models import CaseEvent, ConsigneeSubmission
from confirmations.services.consignee import link_url
from confirmations.tests.consignee_factories import record_link, shipment_with_detained_goods
from conftest import SERVICE_SKIP_PREFIX, _missing_service
from tests.browser.conftest import PHONE
from tests.browser.test_every_page import AXE, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def axe():
    if not AXE.exists():
        _missing_service(f"{SERVICE_SKIP_PREFIX} axe-core: run `npm ci` at the repository root")
    return AXE.read_text()


@pytest.fixture
def link(cast, settings, live_server):
    settings.SITE_URL = live_server.url
    scene = shipment_with_detained_goods(cast)
    link, _token = record_link(cast, scene.case)
    link.scene = scene
    return link


def _fits_and_passes(page, axe, problems, name):
    found = check_page(page, axe)
    if found["violations"]:
        problems[name] = found["violations"]
    if found["scroll_width"] > found["inner_width"]:
        problems.setdefault(name, []).append({"id": "sideways-scroll", "width": found["scroll_width"]})


def test_consignee_explains_and_requests_release_on_a_phone_in_english(new_page, link, axe, shot, tmp_path):
    problems = {}
    phone = new_page(PHONE)
    phone.goto(link_url(link))
    expect(phone.get_by_role("heading", name="Your detained shipment")).to_be_visible()
    expect(phone.get_by_text("Crown assemblies")).to_be_visible()
    _fits_and_passes(phone, axe, problems, "consignee-facts")
    shot(phone, "consignee-01-facts")

    phone.get_by_role("link", name="Explain in writing").first.tap()
    phone.get_by_role("button", name="Send the explanation").tap()
    summary = phone.locator("[data-error-summary]")
    expect(summary).to_contain_text("Enter your explanation.")
    _fits_and_passes(phone, axe, problems, "consignee-explain-errors")
    shot(phone, "consignee-02-error-summary")
    phone.get_by_label("Your explanation").fill("The crowns are made under licence no. 42 from the patent holder.")
    licence = tmp_path / "licence.pdf"
    licence.write_bytes(PDF)
    phone.get_by_label("Documents (optional)").set_input_files(str(licence))
    phone.get_by_role("button", name="Send the explanation").tap()
    expect(phone.get_by_role("heading", name="Your explanation was sent")).to_be_visible()
    _fits_and_passes(phone, axe, problems, "consignee-sent")
    shot(phone, "consignee-03-explanation-sent")

    phone.get_by_role("link", name="Back to your shipment").tap()
    phone.get_by_role("link", name="Request release against a counter-guarantee").tap()
    expect(phone.get_by_text("42,000.00 CNY")).to_be_visible()
    expect(phone.get_by_text(re.compile(r"IPR CG-\d+-\d+"))).to_be_visible()
    _fits_and_passes(phone, axe, problems, "consignee-counter-guarantee")
    shot(phone, "consignee-04-counter-guarantee")
    phone.get_by_role("button", name="Request release").tap()
    expect(phone.get_by_role("heading", name="Your request was sent")).to_be_visible()

    assert sorted(ConsigneeSubmission.objects.values_list("kind", flat=True)) == ["counter_guarantee", "explanation"]
    assert CaseEvent.objects.filter(action="consignee_link_opened").count() >= 6
    assert not problems, problems

    other = new_page(PHONE)
    answer = other.goto(link_url(link))
    assert answer.status == 403
    expect(other.get_by_role("heading", name="This link was opened on another device")).to_be_visible()
    shot(other, "consignee-05-other-device")


def test_consignee_switches_to_chinese_without_an_account(new_page, link, axe, shot):
    problems = {}
    phone = new_page(PHONE)
    phone.goto(link_url(link))
    phone.locator("#language-select").select_option("zh-hans")
    phone.get_by_role("button", name="Change").tap()
    expect(phone.get_by_role("heading", name="您被扣留的货物")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "zh-hans")
    _fits_and_passes(phone, axe, problems, "consignee-facts-zh")
    shot(phone, "consignee-06-facts-zh")
    phone.get_by_role("link", name="提交书面说明").first.tap()
    phone.get_by_role("button", name="提交说明").tap()
    expect(phone.locator("[data-error-summary]")).to_contain_text("请填写您的说明。")
    _fits_and_passes(phone, axe, problems, "consignee-explain-zh")
    shot(phone, "consignee-07-explain-zh")
    phone.get_by_label("您的说明").fill("这些表冠由专利权人许可生产。")
    phone.get_by_role("button", name="提交说明").tap()
    expect(phone.get_by_role("heading", name="您的说明已提交")).to_be_visible()
    _fits_and_passes(phone, axe, problems, "consignee-sent-zh")
    assert not problems, problems
