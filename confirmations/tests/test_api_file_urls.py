"""Every file URL the API hands out opens with the same API token, and only for those allowed."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from confirmations import services
from confirmations.tests.factories import file_case, item_input
from portal.uploads import verify_image
from recordals.models import RecordalDocument
from recordals.tests.factories import image_upload, recordal_image

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def released_with_files(cast, recordals, django_capture_on_commit_callbacks):
    """A case whose LUMIÈRE item has a photo, was cleared and released; the recordal has a genuine photo and a PDF."""
    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(
            cast.officer1, [item_input(recordals.lumiere, photos=[verify_image(image_upload("seized.jpg"))])]
        )
    item = case.items.get()
    services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="not_infringing", comment="", bond="")
    services.item_release(officer=cast.officer1, item_id=item.pk, reason="Cleared at the port")
    recordal_image(recordals.lumiere)
    document = RecordalDocument(
        recordal=recordals.lumiere, original_name="certificate.pdf", sha256=hashlib.sha256(PDF).hexdigest()
    )
    document.file.save("recordals/certificate.pdf", ContentFile(PDF))
    return case, item


def _holder_file_urls(client, item, recordal) -> dict[str, str]:
    listed = client.get("/api/items/").json()["results"]
    [answer] = [entry for entry in listed if entry["id"] == item.pk]
    [photo] = answer["photos"]
    detail = client.get(f"/api/recordals/{recordal.pk}/").json()
    [image] = detail["images"]
    [document] = detail["documents"]
    return {
        photo["url"]: "image/jpeg",
        photo["thumbnail_url"]: "image/jpeg",
        answer["notice_url"]: "text/html",
        image["url"]: image_type(image),
        image["thumbnail_url"]: "image/jpeg",
        document["url"]: "application/pdf",
    }


def image_type(image) -> str:
    return "image/png" if image["original_name"].endswith(".png") else "image/jpeg"


def test_holder_fetches_every_file_url_of_the_api_with_its_token(cast, recordals, released_with_files):
    _case, item = released_with_files
    client = token_client(cast.holder1_user)
    urls = _holder_file_urls(client, item, recordals.lumiere)
    assert len(urls) == 6
    for url, content_type in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(content_type), url


def test_officer_fetches_the_evidence_export_and_notice_with_its_token(cast, released_with_files):
    case, item = released_with_files
    client = token_client(cast.officer1)
    answer = client.get(f"/api/cases/{case.pk}/").json()
    export = client.get(answer["export_url"])
    notice = client.get(answer["items"][0]["notice_url"])
    assert export.status_code == 200 and export["Content-Type"] == "application/zip"
    assert notice.status_code == 200 and notice["Content-Type"].startswith("text/html")


def test_another_holders_token_gets_404_on_every_file_url(cast, recordals, released_with_files):
    case, item = released_with_files
    urls = list(_holder_file_urls(token_client(cast.holder1_user), item, recordals.lumiere))
    urls.append(token_client(cast.officer1).get(f"/api/cases/{case.pk}/").json()["export_url"])
    stranger = token_client(cast.holder2_user)
    assert {url: stranger.get(url).status_code for url in urls} == {url: 404 for url in urls}


def test_file_urls_without_credentials_redirect_and_with_a_bad_token_answer_401(cast, recordals, released_with_files):
    case, item = released_with_files
    urls = list(_holder_file_urls(token_client(cast.holder1_user), item, recordals.lumiere))
    urls.append(token_client(cast.officer1).get(f"/api/cases/{case.pk}/").json()["export_url"])
    anonymous = APIClient()
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    for url in urls:
        assert anonymous.get(url).status_code == 302, url
        refused = forged.get(url)
        assert refused.status_code == 401 and refused.json()["detail"], url


def test_an_item_without_a_notice_yet_answers_null_for_decision_bond_and_notice(cast, filed):
    _case, lumiere, _nordik = filed
    answer = token_client(cast.holder1_user).get(f"/api/items/{lumiere.pk}/").json()
    assert (answer["decision"], answer["bond_kind"], answer["notice_url"]) == (None, None, None)
