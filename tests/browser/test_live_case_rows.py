"""The live case page keeps a row the officer is typing in, and brings it up to date once the officer leaves it."""

import pytest
from django.db.models import Max
from django.urls import reverse
from playwright.sync_api import expect

from confirmations import services
from confirmations.tests.factories import file_case, item_input
from recordals.tests.factories import recordal_in_force
from tests.browser.conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLL = 15_000  # the case page asks every 3 s


def _answer_with(page, status_url: str, last: int) -> None:
    """Wait for the page's status answer that carries the case's event ``last``."""
    for _ in range(10):
        with page.expect_response(lambda r: status_url in r.url, timeout=POLL) as answer:
            pass
        if answer.value.json()["last"] == last:
            return
    raise AssertionError("the page never received the case's last event")


def test_a_row_skipped_while_the_officer_types_in_it_is_updated_once_the_officer_leaves_it(
    new_page, live_server, cast, login
):
    lumiere = recordal_in_force(cast.holder1, title="LUMIÈRE")
    case = file_case(cast.officer1, [item_input(lumiere, description="Watch straps")])
    item = case.items.get()
    services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="infringing", bond="case")
    officer = new_page(DESKTOP)
    login(officer, cast.officer1)
    officer.goto(f"{live_server.url}{case.get_absolute_url()}")
    row = officer.locator(f'tr[data-item-id="{item.pk}"]')
    expect(row).to_have_attribute("data-status", "infringing")
    row.locator("input[name$='reason']").focus()

    services.item_release(officer=cast.officer1, item_id=item.pk, reason="Cleared by the holder's agent")
    last = case.events.aggregate(last=Max("seq"))["last"]
    _answer_with(officer, reverse("confirmations:case-status", args=[case.pk]), last)
    expect(row).to_have_attribute("data-status", "infringing")  # not replaced under the officer's cursor

    row.locator("input[name$='reason']").blur()
    expect(row).to_have_attribute("data-status", "released", timeout=POLL)
