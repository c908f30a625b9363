"""The case page (officer) and the item page (holder, on a phone in Chinese) follow their timeline and status
badge live: an event written on the server appears without a reload and is said in the polite live region."""

import pytest
from playwright.sync_api import expect

from confirmations import services
from confirmations.tests.factories import file_case, item_input
from recordals.tests.factories import recordal_in_force
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLL = 30_000  # the pages ask every 12 s


def test_an_event_added_on_the_server_appears_on_the_open_pages_and_in_their_live_regions(
    new_page, live_server, cast, login, shot
):
    lumiere = recordal_in_force(cast.holder1, title="LUMIÈRE")
    case = file_case(cast.officer1, [item_input(lumiere, description="Watch straps / 表带")])
    item = case.items.get()
    officer = new_page(DESKTOP)
    login(officer, cast.officer1)
    officer.goto(f"{live_server.url}{case.get_absolute_url()}")
    holder = new_page(PHONE)
    login(holder, cast.holder1_user)
    holder.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    holder.goto(f"{live_server.url}{item.get_absolute_url()}")
    expect(holder.locator("[data-live-status]")).to_have_text("待权利人答复")
    expect(holder.locator(".countdown")).to_have_count(1)
    timeline = officer.locator("[data-live-timeline] li")
    before = timeline.count()

    services.item_decide(user=cast.holder1b_user, item_id=item.pk, decision="not_infringing", comment="Genuine")

    expect(timeline).to_have_count(before + 1, timeout=POLL)
    expect(timeline.last).to_contain_text("Holder decided")
    expect(officer.locator("[data-timeline-announce]")).to_contain_text("Holder decided", timeout=POLL)
    expect(holder.locator("[data-live-timeline]")).to_contain_text("权利人已作出决定", timeout=POLL)
    expect(holder.locator("[data-live-status]")).not_to_have_text("待权利人答复", timeout=POLL)
    expect(holder.locator("[data-timeline-announce]")).to_contain_text("权利人已作出决定")
    expect(holder.locator("#decide form")).to_have_count(0)
    expect(holder.locator(".countdown")).to_have_count(0)  # no clock ticks for an answer already given
    expect(holder.locator("#decide")).to_contain_text("此货物在页面打开后已有变化")
    holder.locator("[data-live-timeline]").scroll_into_view_if_needed()
    shot(officer, "live-timeline-officer-desktop-en")
    shot(holder, "live-timeline-item-phone-zh")
