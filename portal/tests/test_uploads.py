"""Safe uploads: images are decoded, limited and stripped; PDFs checked by signature."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.uploads import verify_image, verify_pdf


def image_file(name="photo.jpg", size=(64, 48), fmt="JPEG", exif=None):
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue())


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (31.0, 14.0, 0.0)
    gps[3] = "E"
    gps[4] = (121.0, 28.0, 0.0)
    return exif


def test_a_real_jpeg_is_accepted_with_a_thumbnail_and_digest():
    verified = verify_image(image_file())
    assert (verified.width, verified.height, verified.extension) == (64, 48, "jpg")
    assert len(verified.sha256) == 64
    assert Image.open(io.BytesIO(verified.thumbnail)).format == "JPEG"


def test_gps_exif_is_stripped_from_the_stored_image():
    upload = image_file(exif=gps_exif())
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(0x8825)
    verified = verify_image(upload)
    stored = Image.open(io.BytesIO(verified.content))
    assert not stored.getexif()
    assert b"PhoneMaker" not in verified.content


def test_a_text_file_named_jpg_is_refused_by_name():
    upload = SimpleUploadedFile("invoice.jpg", b"this is not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        verify_image(upload)
    assert "invoice.jpg is not an image" in error.value.messages[0]


def test_a_decompression_bomb_is_refused_before_decoding():
    """A 20,000 x 20,000 PNG of a few kilobytes would take 400 MB once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(ValidationError) as error:
        verify_image(SimpleUploadedFile("bomb.png", buffer.getvalue()))
    assert error.value.code == "too_many_pixels"
    assert "bomb.png has too many pixels" in error.value.messages[0]


def test_an_oversized_file_is_refused(settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        verify_image(image_file(size=(400, 400), fmt="PNG", name="big.png"))
    assert error.value.code == "too_large"


def test_a_truncated_image_is_refused():
    data = image_file().read()
    with pytest.raises(ValidationError):
        verify_image(SimpleUploadedFile("cut.jpg", data[: len(data) // 2]))


def test_pdf_is_accepted_by_signature_and_refused_otherwise():
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert verify_pdf(SimpleUploadedFile("cert.pdf", pdf)).sha256
    with pytest.raises(ValidationError) as error:
        verify_pdf(SimpleUploadedFile("cert.pdf", b"<html>not a pdf</html>"))
    assert "cert.pdf is not a PDF document." in error.value.messages


def test_an_image_just_over_the_pixel_limit_is_refused_with_its_size(settings):
    settings.PORTAL_MAX_IMAGE_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as error:
        verify_image(image_file(size=(1001, 1000), fmt="PNG", name="wide.png"))
    assert "1001 × 1000" in error.value.messages[0]
