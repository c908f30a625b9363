import pytest

from portal.throttling import PortalRateThrottle
from recordals.models import Recordal
from recordals.tests.factories import RecordalFactory, approved_recordal, submitted_recordal

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {"number", "right_type", "mark", "holder_name", "valid_from", "valid_until", "status"}


@pytest.fixture
def lumiere(cast):
    return approved_recordal(
        holder=cast.holder1,
        title="LUMIÈRE",
        parties=[{"role": "infringer", "name": "Shenzhen Fake Leather Co."}],
    )


def test_public_lookup_by_number_without_login(api_client, lumiere):
    response = api_client.get(f"/api/public/recordals/?q={lumiere.number}")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert set(row) == PUBLIC_FIELDS
    assert (row["number"], row["mark"], row["holder_name"], row["status"]) == (
        lumiere.number,
        "LUMIÈRE",
        "Maison Lumière",
        "approved",
    )


def test_public_lookup_by_mark_is_fuzzy_and_hides_unapproved_filings(api_client, lumiere, cast):
    submitted_recordal(holder=cast.holder2, title="LUMIERE COPY")
    RecordalFactory(holder=cast.holder2, title="LUMIERE DRAFT")

    rows = api_client.get("/api/public/recordals/?q=LUMIERE").json()["results"]

    assert [r["number"] for r in rows] == [lumiere.number]
    assert "Shenzhen" not in str(rows) and "contact" not in str(rows)


def test_public_lookup_shows_expired_status(api_client, lumiere):
    Recordal.objects.filter(pk=lumiere.pk).update(status="expired")

    assert api_client.get(f"/api/public/recordals/?q={lumiere.number}").json()["results"][0]["status"] == "expired"


def test_empty_query_returns_nothing(api_client, lumiere):
    assert api_client.get("/api/public/recordals/").json()["results"] == []


def test_public_api_is_rate_limited(api_client, lumiere, monkeypatch):
    monkeypatch.setattr(PortalRateThrottle, "THROTTLE_RATES", {"public": "3/minute"})

    codes = [api_client.get("/api/public/recordals/?q=LUMIERE").status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]


def test_public_page_shows_only_the_summary(client, lumiere):
    response = client.get("/recordals/lookup/", {"q": "LUMIERE"})

    assert response.status_code == 200
    content = response.content.decode()
    assert lumiere.number in content and "Maison Lumière" in content
    assert "Shenzhen" not in content and "/recordals/images/" not in content


def test_public_page_is_rate_limited(client, lumiere, monkeypatch):
    monkeypatch.setattr(PortalRateThrottle, "THROTTLE_RATES", {"public": "3/minute"})

    codes = [client.get("/recordals/lookup/", {"q": "X"}).status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]


def test_public_page_and_api_share_one_lookup_limit(client, api_client, lumiere, monkeypatch):
    monkeypatch.setattr(PortalRateThrottle, "THROTTLE_RATES", {"public": "4/minute"})

    pages = [client.get("/recordals/lookup/", {"q": "X"}).status_code for _ in range(2)]
    apis = [api_client.get("/api/public/recordals/?q=X").status_code for _ in range(3)]

    assert pages + apis == [200, 200, 200, 200, 429]
    assert client.get("/recordals/lookup/", {"q": "X"}).status_code == 429
