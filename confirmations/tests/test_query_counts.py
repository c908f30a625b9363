"""List pages and endpoints run a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from confirmations.tests.factories import GeneralBondFactory, file_case, item_input
from portal.uploads import verify_image
from recordals.tests.factories import image_upload

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _file(cast, recordals):
    photo = verify_image(image_upload("photo.jpg"))
    return file_case(
        cast.officer1,
        [item_input(recordals.lumiere, photos=[photo]), item_input(recordals.nordik, description="Straps")],
    )


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("holder1_user", reverse("confirmations:inbox")),
        ("agent_user", reverse("confirmations:inbox")),
        ("officer1", reverse("confirmations:case-list")),
        ("officer1", "/api/cases/"),
        ("holder1_user", "/api/items/"),
        ("officer1", "/api/items/"),
    ],
)
def test_list_queries_do_not_grow_with_rows(client, cast, recordals, who, url):
    client.force_login(getattr(cast, who))
    _file(cast, recordals)
    one = _queries(client, url)
    for _ in range(5):
        _file(cast, recordals)
    assert _queries(client, url) == one <= 20


@pytest.mark.parametrize("who", ["officer1", "holder1_user", "admin"])
def test_case_page_queries_do_not_grow_with_items(client, cast, recordals, who):
    client.force_login(getattr(cast, who))
    small = _file(cast, recordals)
    big = file_case(
        cast.officer1,
        [
            item_input(recordals.lumiere, description=f"Lot {n}", photos=[verify_image(image_upload("photo.jpg"))])
            for n in range(6)
        ],
    )
    for case in (small, big):
        client.get(reverse("confirmations:case-status", args=[case.pk]))
    small_count = _queries(client, reverse("confirmations:case-detail", args=[small.pk]))
    assert _queries(client, reverse("confirmations:case-detail", args=[big.pk])) == small_count
    small_status = _queries(client, reverse("confirmations:case-status", args=[small.pk]))
    assert _queries(client, reverse("confirmations:case-status", args=[big.pk])) == small_status


def test_bond_list_queries_do_not_grow_with_bonds(client, cast):
    client.force_login(cast.admin)

    def bond(n):
        GeneralBondFactory(
            holder=cast.holder1 if n % 2 else cast.holder2,
            reference=f"G-{n}",
            submitted_by=cast.holder1_user,
        )

    bond(0)
    one_page, one_api = _queries(client, reverse("confirmations:bonds")), _queries(client, "/api/bonds/")
    for n in range(1, 6):
        bond(n)
    assert _queries(client, reverse("confirmations:bonds")) == one_page
    assert _queries(client, "/api/bonds/") == one_api
