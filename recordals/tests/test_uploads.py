import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from rest_framework.authtoken.models import Token

from recordals.models import RecordalDocument, RecordalImage
from recordals.tests.factories import RecordalFactory, approved_recordal, image_upload, pdf_upload, recordal_image

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def draft(cast):
    return RecordalFactory(holder=cast.holder1)


@pytest.fixture
def holder_client(api_client, cast):
    token = Token.objects.create(user=cast.holder1_user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client


def upload(client, recordal, file, **fields):
    return client.post(f"/api/recordals/{recordal.pk}/images/", {"image": file, **fields}, format="multipart")


def huge_png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    return SimpleUploadedFile("huge.png", out.getvalue(), content_type="image/png")


def jpeg_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "Spy Camera Co"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 14.0, 0.0), "E", (121.0, 28.0, 0.0)
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "darkred").save(out, "JPEG", exif=exif)
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(0x8825)  # the GPS block really is there before upload
    return SimpleUploadedFile("holiday.jpg", data, content_type="image/jpeg")


def test_an_image_is_stored_with_a_thumbnail_and_served_through_the_access_check(holder_client, draft, settings):
    response = upload(holder_client, draft, image_upload(size=(1200, 900)), kind="mark", caption="Logo")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["caption"], body["width"], body["height"]) == ("mark", "Logo", 1200, 900)
    assert "/media/" not in body["url"]
    image = RecordalImage.objects.get()
    assert len(stored_files(settings)) == 2
    served = holder_client.get(body["thumbnail_url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(b"".join(served.streaming_content))).size) <= 480
    assert draft.events.filter(action="images_added").exists()
    assert image.get_absolute_url() == f"/recordals/images/{image.pk}/"


def test_a_20000_by_20000_png_is_refused_and_leaves_nothing(holder_client, draft, settings):
    response = upload(holder_client, draft, huge_png())

    assert response.status_code == 400
    assert "huge.png" in response.json()["image"][0] and "pixels" in response.json()["image"][0]
    assert not RecordalImage.objects.exists() and stored_files(settings) == []


def test_a_text_file_named_jpg_is_refused(holder_client, draft, settings):
    fake = SimpleUploadedFile("photo.jpg", b"just some text, not a picture\n" * 20, content_type="image/jpeg")

    response = upload(holder_client, draft, fake)

    assert response.status_code == 400 and "photo.jpg is not an image" in response.json()["image"][0]
    assert not RecordalImage.objects.exists() and stored_files(settings) == []


def test_gps_exif_is_stripped_from_the_stored_image(holder_client, draft):
    response = upload(holder_client, draft, jpeg_with_gps())

    assert response.status_code == 201
    image = RecordalImage.objects.get()
    with image.image.open("rb") as stored, Image.open(stored) as decoded:
        assert decoded.format == "JPEG"
        assert dict(decoded.getexif()) == {}
        assert "exif" not in decoded.info


def test_images_cannot_be_added_to_an_approved_recordal(api_client, cast, settings):
    recordal = approved_recordal(holder=cast.holder1)
    api_client.force_authenticate(cast.holder1_user)

    response = upload(api_client, recordal, image_upload())

    assert response.status_code == 400 and "modification" in response.json()["detail"]
    assert stored_files(settings) == []


def test_an_officer_cannot_upload_to_a_recordal(api_client, cast, settings):
    recordal = approved_recordal(holder=cast.holder1)
    api_client.force_authenticate(cast.officer1)

    assert upload(api_client, recordal, image_upload()).status_code == 403
    assert stored_files(settings) == []


def test_a_pdf_is_accepted_by_signature_and_served_only_to_the_holder_side(holder_client, api_client, draft, cast):
    response = holder_client.post(
        f"/api/recordals/{draft.pk}/documents/", {"file": pdf_upload(), "title": "Certificate"}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    document = RecordalDocument.objects.get()
    assert holder_client.get(document.get_absolute_url())["Content-Disposition"].startswith("attachment")
    officer = Client()
    officer.force_login(cast.officer1)
    assert officer.get(document.get_absolute_url()).status_code == 404


def test_a_file_that_is_not_a_pdf_is_refused(holder_client, draft, settings):
    fake = SimpleUploadedFile("certificate.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = holder_client.post(f"/api/recordals/{draft.pk}/documents/", {"file": fake}, format="multipart")

    assert response.status_code == 400 and "not a PDF" in response.json()["file"][0]
    assert not RecordalDocument.objects.exists() and stored_files(settings) == []


def test_image_urls_of_another_holders_draft_are_not_found(client, cast, draft, holder_client):
    upload(holder_client, draft, image_upload())
    image = RecordalImage.objects.get()
    for user in (cast.holder2_user, cast.officer1):
        client.force_login(user)
        assert client.get(image.get_absolute_url()).status_code == 404
        assert client.get(image.get_thumbnail_url()).status_code == 404
    client.logout()
    assert client.get(image.get_absolute_url()).status_code == 302


def test_an_image_can_be_removed_from_a_draft_and_its_files_go(
    holder_client, draft, settings, django_capture_on_commit_callbacks
):
    image_id = upload(holder_client, draft, image_upload()).json()["id"]

    with django_capture_on_commit_callbacks(execute=True):
        response = holder_client.delete(f"/api/recordals/{draft.pk}/images/{image_id}/")

    assert response.status_code == 204
    assert not RecordalImage.objects.exists() and stored_files(settings) == []
    assert draft.events.filter(action="image_removed").exists()


def test_images_of_an_approved_recordal_stay(api_client, cast, settings):
    recordal = approved_recordal(holder=cast.holder1)
    image = recordal_image(recordal)
    api_client.force_authenticate(cast.holder1_user)

    response = api_client.delete(f"/api/recordals/{recordal.pk}/images/{image.pk}/")

    assert response.status_code == 400
    assert RecordalImage.objects.filter(pk=image.pk).exists() and len(stored_files(settings)) == 2


def test_the_edit_page_removes_an_image(client, cast, draft):
    image = recordal_image(draft)
    client.force_login(cast.holder1_user)

    assert f'id="remove-image-{image.pk}"' in client.get(f"/recordals/{draft.pk}/edit/").content.decode()
    response = client.post(f"/recordals/images/{image.pk}/remove/")

    assert response.status_code == 302 and not RecordalImage.objects.exists()
