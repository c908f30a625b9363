"""The header's unread count follows new notices by itself; the administrator reviews recordals."""

import re

import pytest
from playwright.sync_api import expect

from confirmations.tests.factories import file_case, item_input
from recordals.tests.factories import recordal_in_force

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unread_badge_updates_by_itself(page, live_server, cast, login, shot):
    recordal = recordal_in_force(cast.holder1, title="LUMIÈRE")
    login(page, cast.holder1_user)
    badge = page.locator("[data-unread-count]")
    expect(badge).to_be_hidden()
    file_case(cast.officer1, [item_input(recordal, description="Watches")])
    expect(badge).to_be_visible(timeout=15_000)
    expect(badge).to_have_text("1")
    shot(page, "notices-01-badge-updated")
    page.get_by_role("link", name="Notices").click()
    expect(page.locator(".notice-list li.unread")).to_have_count(1)
    shot(page, "notices-02-list")


def test_admin_reviews_and_approves_a_recordal(page, live_server, cast, login, shot):
    from recordals.models import Recordal, RecordalImage
    from recordals.tests.factories import recordal_image, submitted_recordal

    good = submitted_recordal(holder=cast.holder1, title="LUMIÈRE")
    recordal_image(good, kind=RecordalImage.Kind.GENUINE, color="goldenrod")
    bad = submitted_recordal(holder=cast.holder2, title="NORDIK")
    login(page, cast.admin)
    page.goto(f"{live_server.url}/recordals/review/")
    shot(page, "review-01-queue")
    page.get_by_role("link", name="LUMIÈRE").click()
    page.locator("[data-lightbox] a").first.click()
    expect(page.locator("dialog.lightbox")).to_be_visible()
    page.keyboard.press("Escape")
    shot(page, "review-02-recordal")
    page.get_by_role("button", name="Approve and issue number").click()
    expect(page.locator("main")).to_contain_text("A recordal number is issued")
    page.get_by_role("button", name="Confirm: approve").click()
    good.refresh_from_db()
    assert good.status == Recordal.Status.APPROVED and good.number
    expect(page.locator(".messages")).to_contain_text(f"Approved; recordal number {good.number} was issued.")

    page.get_by_role("link", name="NORDIK").click()
    page.get_by_role("button", name="Reject").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    shot(page, "review-03-reject-needs-a-reason")
    summary.get_by_role("link", name="Give the reason for the rejection").click()
    expect(page.get_by_label("Reason")).to_be_focused()
    page.get_by_label("Reason").fill("The registration certificate is missing.")
    page.get_by_role("button", name="Reject").click()
    page.get_by_role("button", name="Confirm: reject").click()
    expect(page.locator(".messages")).to_contain_text("Rejected")
    bad.refresh_from_db()
    assert bad.status == Recordal.Status.REJECTED
