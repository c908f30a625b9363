"""Every page at phone and desktop size, in both languages: axe-core finds no serious or critical
violation, a 390 px phone never scrolls sideways, and a screenshot of each page is kept."""

import json
from pathlib import Path

import pytest
from django.utils import timezone

from confirmations import services
from confirmations.models import WatchlistProposal
from confirmations.tests.consignee_factories import record_link
from confirmations.tests.factories import file_case, item_input
from confirmations.tests.request_factories import send_tip, submit_request
from conftest import SERVICE_SKIP_PREFIX, _missing_service
from portal.uploads import verify_image
from recordals.models import RecordalImage
from recordals.services.modifications import modification_request
from recordals.tests.factories import image_upload, recordal_image, recordal_in_force, submitted_recordal
from recordals.tests.pictures import logo, recorded, upload
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.figures_scene import figures_pages, figures_scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": PHONE, "desktop": DESKTOP}
LANGUAGES = {"en": "en", "zh": "zh-hans"}


@pytest.fixture
def axe_source():
    if not AXE.exists():
        _missing_service(f"{SERVICE_SKIP_PREFIX} axe-core: run `npm ci` at the repository root")
    return AXE.read_text()


@pytest.fixture
def scene(cast):
    """Recordals in every state, a case with items pending, infringing and detained, a bond, a webhook."""
    lumiere = recordal_in_force(cast.holder1, title="LUMIÈRE", infringers=["Shady Exports Ltd"])
    recordal_image(lumiere, kind=RecordalImage.Kind.GENUINE, color="goldenrod")
    recordal_image(lumiere, kind=RecordalImage.Kind.MARK, color="darkred")
    recorded(lumiere, logo(1))  # the straps' photo looks like it: the case page shows the pair
    submitted = submitted_recordal(holder=cast.holder1, title="AURORE")
    modification = modification_request(
        actor=cast.holder1_user, recordal=lumiere, changes={"identification_guide": "Serial under the clasp."}
    )
    trader = services.watched_trader_add(
        actor=cast.admin,
        data=services.TraderInput(
            name="广州时光贸易有限公司",
            aliases=["Guangzhou Shiguang Trading Co., Ltd."],
            identifier="91440111MA5C8K2L3X",
            source="judgment",
            judgment_reference="(2025) Yue 73 Min Chu 1234",
        ),
    )
    photo = verify_image(image_upload("front.jpg", color=(160, 110, 40), size=(640, 480)))
    case = file_case(
        cast.officer1,
        [
            item_input(
                lumiere, description="Wristwatches with a LUMIÈRE dial and a very long description", photos=[photo]
            ),
            item_input(
                lumiere, description="Watch straps / 表带", value="250000.00", photos=[verify_image(upload(logo(1)))]
            ),
            item_input(lumiere, description="Gift boxes / 礼品盒", value="300.00"),
        ],
        consignor="Shady Exports Ltd",
        consignee="GUANGZHOU SHIGUANG TRADING CO LTD",
        waybill_number="EX-1234567890-CN-LONG-WAYBILL",
    )
    WatchlistProposal.objects.create(case=case, role="consignor", name="Shady Exports Ltd", created_at=timezone.now())
    pending, infringing, detained = case.items.order_by("pk")
    services.item_decide(user=cast.holder1_user, item_id=infringing.pk, decision="infringing", bond="case")
    services.item_decide(user=cast.holder1_user, item_id=detained.pk, decision="infringing", bond="case")
    services.item_case_bond_receive(officer=cast.officer1, item_id=detained.pk)
    services.item_detain(officer=cast.officer1, item_id=detained.pk)
    bond = services.general_bond_register(
        user=cast.holder1_user,
        holder=cast.holder1,
        bank="Bank of Examples",
        reference="GB-2026-0001",
        amount_cny=200000,
        year=timezone.localdate().year,
    )
    consignee, token = record_link(cast, case)
    request = submit_request(cast.holder1_user, lumiere, cast.office1, container_number="TGHU-5566778-CONTAINER")
    tip = send_tip(cast.holder1_user, cast.office1, recordal_id=lumiere.pk)
    return {
        "request": request,
        "tip": tip,
        "consignee": f"/consignee/{consignee.public_id}/{token}/",
        "lumiere": lumiere,
        "submitted": submitted,
        "modification": modification,
        "case": case,
        "pending": pending,
        "detained": detained,
        **figures_scene(cast, lumiere),
        "trader": trader,
        "bond": bond,
    }


def pages(scene):
    """Return (role, name, path) for every page of the portal."""
    lumiere, case = scene["lumiere"], scene["case"]
    return [
        (None, "home-public", "/"),
        (None, "login", "/accounts/login/"),
        (None, "password-reset", "/accounts/password-reset/"),
        (None, "lookup", f"/recordals/lookup/?q={lumiere.number}"),
        (None, "consignee-facts", scene["consignee"]),
        (None, "consignee-explain", scene["consignee"] + "explain/"),
        ("holder1_user", "home-holder", "/"),
        ("holder1_user", "inbox", "/inbox/"),
        ("holder1_user", "item-pending", scene["pending"].get_absolute_url()),
        ("holder1_user", "item-detained", scene["detained"].get_absolute_url()),
        ("holder1_user", "recordals", "/recordals/"),
        ("holder1_user", "recordal-new", "/recordals/new/"),
        ("holder1_user", "recordal-detail", lumiere.get_absolute_url()),
        ("holder1_user", "recordal-modify", f"/recordals/{lumiere.pk}/modify/"),
        ("holder1_user", "bonds-holder", "/bonds/"),
        ("holder1_user", "webhooks", "/webhooks/"),
        ("holder1_user", "notices", "/notices/"),
        ("holder1_user", "security", "/accounts/security/"),
        ("officer1", "cases", "/cases/"),
        ("officer1", "case-new", "/cases/new/"),
        ("officer1", "case-detail", case.get_absolute_url()),
        ("officer1", "consignee-record", f"/cases/{case.pk}/consignee/"),
        ("officer1", "search", "/recordals/search/?q=LUMIERE"),
        ("officer1", "notice-detention", f"/items/{scene['detained'].pk}/notice/"),
        ("holder1_user", "detention-requests", "/detention-requests/"),
        ("holder1_user", "detention-request-new", "/detention-requests/new/"),
        ("holder1_user", "detention-request", scene["request"].get_absolute_url()),
        ("holder1_user", "detention-request-withdraw", f"/detention-requests/{scene['request'].pk}/withdraw/"),
        ("holder1_user", "tips", "/tips/"),
        ("holder1_user", "tip-new", "/tips/new/"),
        ("holder1_user", "tip", scene["tip"].get_absolute_url()),
        ("officer1", "detention-request-queue", "/detention-requests/"),
        ("officer1", "detention-request-officer", scene["request"].get_absolute_url()),
        ("officer1", "detention-request-refuse", f"/detention-requests/{scene['request'].pk}/refuse/"),
        ("officer1", "tip-queue", "/tips/"),
        ("officer1", "tip-mark-used", f"/tips/{scene['tip'].pk}/mark-used/"),
        ("admin", "review-queue", "/recordals/review/"),
        ("admin", "review", f"/recordals/{scene['submitted'].pk}/review/"),
        ("admin", "modification-review", f"/recordals/modifications/{scene['modification'].pk}/review/"),
        ("admin", "bonds-admin", "/bonds/"),
        ("admin", "bond-confirm", f"/bonds/{scene['bond'].pk}/confirm/"),
        ("admin", "bond-reject", f"/bonds/{scene['bond'].pk}/reject/"),
        ("admin", "statistics", "/statistics/"),
        *figures_pages(scene),
        ("admin", "watchlist", "/watchlist/"),
        ("admin", "watchlist-new", "/watchlist/new/"),
        ("admin", "watchlist-trader", scene["trader"].get_absolute_url()),
        ("admin", "watchlist-edit", f"/watchlist/{scene['trader'].pk}/edit/"),
        ("admin", "watchlist-deactivate", f"/watchlist/{scene['trader'].pk}/deactivate/"),
        ("admin", "watchlist-proposals", "/watchlist/proposals/"),
        ("admin", "case-detail-admin", case.get_absolute_url()),
    ]


def check_page(page, axe_source: str) -> dict:
    """Run axe-core on the page; return its serious and critical violations and the page's widths."""
    page.evaluate(axe_source)
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    return {"violations": result, "scroll_width": widths[0], "inner_width": widths[1]}


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_passes_axe_and_fits_the_screen(
    new_page, live_server, cast, scene, login, shot, axe_source, size, language
):
    problems = {}
    browsers = {}
    for role, name, path in pages(scene):
        if role not in browsers:
            page = new_page(SIZES[size])
            if role:
                login(page, getattr(cast, role))
            page.context.add_cookies(
                [{"name": "django_language", "value": LANGUAGES[language], "url": live_server.url}]
            )
            browsers[role] = page
        page = browsers[role]
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        found = check_page(page, axe_source)
        shot(page, f"page-{name}-{size}-{language}")
        if found["violations"]:
            problems[name] = found["violations"]
        if size == "phone" and found["scroll_width"] > found["inner_width"]:
            problems.setdefault(name, []).append({"id": "sideways-scroll", "width": found["scroll_width"]})
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def admin_pages(scene):
    """Return (name, path) for the Django admin pages administrators use."""
    case, lumiere = scene["case"], scene["lumiere"]
    return [
        ("admin-index", "/admin/"),
        ("admin-recordals", "/admin/recordals/recordal/"),
        ("admin-recordal", f"/admin/recordals/recordal/{lumiere.pk}/change/"),
        ("admin-cases", "/admin/confirmations/case/"),
        ("admin-case", f"/admin/confirmations/case/{case.pk}/change/"),
        ("admin-users", "/admin/accounts/user/"),
        ("admin-case-events", "/admin/confirmations/caseevent/"),
        ("admin-recordal-events", "/admin/recordals/recordalevent/"),
        ("admin-bond-events", "/admin/confirmations/generalbondevent/"),
        ("admin-rate-events", "/admin/confirmations/exchangerateevent/"),
        ("admin-calendar-events", "/admin/workdays/calendarevent/"),
    ]


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("size", list(SIZES))
def test_every_admin_page_passes_axe_and_fits_the_screen(
    new_page, live_server, cast, scene, login, shot, axe_source, size, language
):
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()
    page = new_page(SIZES[size])
    login(page, cast.admin)
    page.context.add_cookies([{"name": "django_language", "value": LANGUAGES[language], "url": live_server.url}])
    problems = {}
    for name, path in admin_pages(scene):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("load")
        found = check_page(page, axe_source)
        shot(page, f"page-{name}-{size}-{language}")
        if found["violations"]:
            problems[name] = found["violations"]
        if size == "phone" and found["scroll_width"] > found["inner_width"]:
            problems.setdefault(name, []).append({"id": "sideways-scroll", "width": found["scroll_width"]})
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
