"""One item's page and API answer run an exact number of queries for the holder, its agent and the officer, and
show the same facts: the application's items and bond, the court's notice and the disposal read only where they
can exist."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from confirmations import services
from confirmations.bonds import general_bond_for
from confirmations.models import Item
from confirmations.tests.factories import GeneralBondFactory, file_case, item_input
from portal.uploads import verify_image, verify_pdf
from portal.workdays.calendar import local_date
from recordals.models import RecordalImage
from recordals.tests.factories import image_upload, recordal_image

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def items(cast, recordals):
    """A pending item with two photos and a decided one (infringing, case bond: an application of two items)."""
    recordal_image(recordals.lumiere, kind=RecordalImage.Kind.GENUINE, color="goldenrod")
    recordal_image(recordals.lumiere, kind=RecordalImage.Kind.GUIDE, color="teal")
    photos = [verify_image(image_upload(f"p{n}.jpg", color=color)) for n, color in enumerate(("red", "navy"))]
    case = file_case(
        cast.officer1,
        [
            item_input(recordals.lumiere, description="Wristwatches", value="48000.00", photos=photos),
            item_input(recordals.lumiere, description="Straps", value="900.00"),
            item_input(recordals.lumiere, description="Buckles", value="300.00"),
        ],
    )
    pending, answered, joined = case.items.order_by("pk")
    for item in (answered, joined):
        services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="infringing", bond="case")
    return {"pending": pending, "answered": Item.objects.get(pk=answered.pk)}


def _assert_queries(client, url, expected, django_assert_num_queries):
    client.get(url)  # The first request of a session caches what later ones reuse.
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# The holder side reads with the item whether it may still decide the item (or its application), the value of the
# application the item would join, the header's count of items awaiting its answer and, for a pending item, the
# general bond of the bond quote. The officer reads none of these; every page reads the session with its user and
# membership (one statement), then the item with its office's bond instructions, its photos, recordal images, events
# and its application's items (one statement; an agent's too: its delegations are subqueries of that statement).
COUNTS = [
    ("holder1_user", "page", "pending", 2),
    ("agent_user", "page", "pending", 2),
    ("officer1", "page", "pending", 2),
    ("holder1_user", "page", "answered", 2),
    ("agent_user", "page", "answered", 2),
    ("officer1", "page", "answered", 2),
    ("holder1_user", "api", "pending", 3),
    ("agent_user", "api", "pending", 3),
    ("officer1", "api", "pending", 3),
    ("holder1_user", "api", "answered", 3),
    ("agent_user", "api", "answered", 3),
    ("officer1", "api", "answered", 3),
]


@pytest.mark.parametrize(("who", "kind", "which", "expected"), COUNTS, ids=["-".join(map(str, c)) for c in COUNTS])
def test_item_detail_queries_are_exact(client, cast, items, django_assert_num_queries, who, kind, which, expected):
    item = items[which]
    client.force_login(getattr(cast, who))
    url = item.get_absolute_url() if kind == "page" else f"/api/items/{item.pk}/"
    _assert_queries(client, url, expected, django_assert_num_queries)


@pytest.mark.parametrize("who", ["holder1_user", "agent_user"])
def test_pending_page_quotes_the_bond_on_the_applications_total_and_counts_what_awaits(client, cast, items, who):
    client.force_login(getattr(cast, who))
    page = client.get(items["pending"].get_absolute_url()).content.decode()
    # 48,000 CNY joining the application of 1,200: half of 49,200.
    assert '<span class="bond-amount">24,600.00 CNY</span>' in page
    assert "data-awaiting-count>1<" in page


def test_holders_page_lists_the_applications_items_and_its_bond(client, cast, items):
    client.force_login(cast.holder1_user)
    page = client.get(items["answered"].get_absolute_url()).content.decode()
    application = items["answered"].application
    assert f"{application.reference}" in page
    assert ">Straps</a>, <a " in page and ">Buckles</a>" in page
    assert "1,200.00 CNY" in page


def test_api_item_answer_ignores_no_filter_and_still_applies_one(api_client, cast, items):
    api_client.force_authenticate(cast.holder1_user)
    pending = items["pending"]
    assert api_client.get(f"/api/items/{pending.pk}/").json()["status"] == "pending"
    assert api_client.get(f"/api/items/{pending.pk}/?status=pending").status_code == 200
    assert api_client.get(f"/api/items/{pending.pk}/?status=released").status_code == 404


def test_item_page_shows_the_court_notice_and_the_disposal(client, cast, recordals, django_assert_num_queries):
    officer = cast.officer1
    case = file_case(officer, [item_input(recordals.lumiere, description="Court"), item_input(recordals.lumiere)])
    court, confirmed = case.items.order_by("pk")
    for item in (court, confirmed):
        services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="infringing", bond="case")
    services.application_bond_receive(officer=officer, application_id=Item.objects.get(pk=court.pk).application_id)
    for item in (court, confirmed):
        services.item_detain(officer=officer, item_id=item.pk)
    document = verify_pdf(SimpleUploadedFile("notice.pdf", PDF, content_type="application/pdf"))
    services.item_court_notice_record(
        officer=officer, item_id=court.pk, court="Shenzhen Court", reference="SZ-1", issued_on=date(2026, 3, 9),
        document=document,
    )  # fmt: skip
    services.item_investigation_record(officer=officer, item_id=confirmed.pk, result="confirmed")
    services.item_dispose(officer=officer, item_id=confirmed.pk, method="destroyed", disposed_on=date(2026, 3, 10))
    client.force_login(cast.holder1_user)
    client.get(court.get_absolute_url())
    # The court's notice and the disposal are read with the item: the session, the item with its photos, images,
    # events and application's items.
    with django_assert_num_queries(2):
        court_page = client.get(court.get_absolute_url()).content.decode()
    assert "Shenzhen Court · SZ-1 · March 9, 2026" in court_page
    assert "Disposal" not in court_page
    with django_assert_num_queries(2):
        confirmed_page = client.get(confirmed.get_absolute_url()).content.decode()
    assert "<dt>Disposal</dt><dd>Destroyed · March 10, 2026</dd>" in confirmed_page
    assert "Court's assistance notice" not in confirmed_page


def test_pages_of_an_application_under_a_general_bond_show_its_bond_and_items(
    client, cast, recordals, django_assert_num_queries
):
    GeneralBondFactory(
        holder=cast.holder1, reference="G-77", year=2026, status="confirmed", submitted_by=cast.holder1_user
    )
    case = file_case(cast.officer1, [item_input(recordals.lumiere, description=d) for d in ("Caps", "Scarves")])
    first, second = case.items.order_by("pk")
    for item in (first, second):
        services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="infringing", bond="general")
    for who, expected in (("holder1_user", 2), ("officer1", 2)):
        client.force_login(getattr(cast, who))
        _assert_queries(client, second.get_absolute_url(), expected, django_assert_num_queries)
        page = client.get(second.get_absolute_url()).content.decode()
        assert Item.objects.get(pk=second.pk).application.reference in page
        assert ">Caps</a>, <a " in page and ">Scarves</a>" in page
        assert "<dd>General bond · Bank G-77</dd>" in page  # the item's bond
        assert "<dd>General bond · G-77</dd>" in page  # the application's


@pytest.mark.parametrize(
    ("instant", "quoted"),
    [
        # The last moment of 2026 in Beijing: the 2026 bond covers an application made now.
        ("2026-12-31T23:59:59.999999+08:00", "G-2026"),
        # The first moment of 2027 in Beijing (still 2026 in UTC): only a bond of 2027 could.
        ("2027-01-01T00:00:00+08:00", None),
    ],
)
def test_pending_page_quotes_the_general_bond_of_the_beijing_day_read_with_the_item(
    client, cast, recordals, django_assert_num_queries, instant, quoted
):
    GeneralBondFactory(
        holder=cast.holder1, reference="G-2026", year=2026, status="confirmed", submitted_by=cast.holder1_user
    )
    GeneralBondFactory(  # another holder's, larger: never quoted to this one
        holder=cast.holder2, amount_cny="900000.00", year=2026, status="confirmed", submitted_by=cast.holder2_user
    )
    with time_machine.travel("2026-12-30T10:00:00+08:00", tick=False):
        item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    with time_machine.travel(instant, tick=False):
        client.force_login(cast.holder1_user)
        client.get(item.get_absolute_url())
        # The session; the item with its lists and the bond; the published calendars (its deadline is in 2027).
        with django_assert_num_queries(3):
            page = client.get(item.get_absolute_url()).content.decode()
        chosen = general_bond_for(holder=cast.holder1, right_type="trademark", day=local_date(timezone.now()))
    assert (chosen.reference if chosen else None) == quoted
    if quoted:
        assert f"<span>General bond: {quoted}<small>" in page
    else:
        assert "No general bond covers this application." in page
