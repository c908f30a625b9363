"""From the notice e-mail's link to a sent decision in three taps on a phone, signing in with a passkey.

Chromium's virtual authenticator (CDP ``WebAuthn``) stands in for the phone's fingerprint or screen lock.
"""

import re

import pytest
from playwright.sync_api import expect

from confirmations.models import Item
from confirmations.tests.factories import file_case, item_input
from portal.accounts.models import DeviceSession, Passkey
from recordals.tests.factories import recordal_in_force
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def virtual_authenticator(page):
    """Give the page a platform authenticator that verifies the user at once."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_holder_goes_from_the_email_link_to_a_sent_decision_in_three_taps_with_a_passkey(
    new_page, live_server, cast, login, shot
):
    recordal = recordal_in_force(cast.holder1, title="LUMIÈRE")
    item = file_case(cast.officer1, [item_input(recordal, description="Wristwatches", value="6000.00")]).items.get()
    phone = new_page(PHONE)
    virtual_authenticator(phone)
    # Once: sign in with the password and add a passkey on the security page.
    login(phone, cast.holder1_user)
    phone.goto(f"{live_server.url}/accounts/security/")
    phone.get_by_role("button", name="Add a passkey on this device").tap()
    expect(phone.locator(".messages")).to_contain_text("Passkey")
    assert Passkey.objects.filter(user=cast.holder1_user).count() == 1
    shot(phone, "passkey-01-security-page")
    phone.get_by_role("button", name="Log out").tap()
    expect(phone.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()

    # The notice e-mail's link; then count the taps.
    phone.goto(f"{live_server.url}{item.get_absolute_url()}")
    expect(phone).to_have_url(re.compile(r"/accounts/login/\?next="))
    shot(phone, "passkey-02-login")
    taps = 0
    phone.get_by_role("button", name="Sign in with a passkey").tap()
    taps += 1
    expect(phone).to_have_url(re.compile(item.get_absolute_url() + "$"))
    expect(phone.locator("#decide")).to_be_in_viewport()
    phone.get_by_role("radio", name=re.compile("^Infringing")).tap()
    taps += 1
    phone.get_by_role("button", name="Confirm and send").tap()
    taps += 1
    expect(phone.locator(".messages")).to_contain_text("Your decision was sent")
    shot(phone, "passkey-03-decision-sent")

    assert taps == 3
    item.refresh_from_db()
    assert (item.status, item.bond_kind) == (Item.Status.INFRINGING, Item.Bond.CASE)


def test_a_kept_session_is_listed_and_signed_out_from_the_security_page(new_page, live_server, cast, shot):
    from portal.tests.factories import PASSWORD

    phone = new_page(PHONE)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("Username").fill(cast.holder1_user.username)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_label("Keep me signed in on this device for 30 days").check()
    phone.get_by_role("button", name="Log in").tap()
    expect(phone).not_to_have_url(re.compile(r"/accounts/login/"))
    cookie = next(c for c in phone.context.cookies() if c["name"] == "sessionid")
    assert cookie["expires"] > 0  # a dated cookie outlives the browser; a session cookie has -1
    phone.goto(f"{live_server.url}/accounts/security/")
    expect(phone.locator("main")).to_contain_text("this device")
    shot(phone, "passkey-04-kept-session")
    phone.get_by_role("button", name="Sign out this device").tap()
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    assert not DeviceSession.objects.exists()
    phone.goto(f"{live_server.url}/inbox/")
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
