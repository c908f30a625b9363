"""Photos: the JPEG kept as taken minus its metadata, a display version and a thumbnail from one reduced decode."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.uploads import DISPLAY_SIZE, ORIENTATION_TAG, strip_jpeg_metadata, verify_image


def _jpeg(size=(3000, 2000), *, orientation=None, gps=True) -> bytes:
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    if orientation:
        exif[ORIENTATION_TAG] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes(), comment=b"secret note")
    return out.getvalue()


def _upload(data: bytes, name="big.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_a_large_jpeg_gets_a_display_version_and_a_thumbnail_and_loses_its_metadata():
    verified = verify_image(_upload(_jpeg()))
    display = Image.open(io.BytesIO(verified.display))
    assert max(display.size) == DISPLAY_SIZE[0] and display.format == "JPEG"
    assert max(Image.open(io.BytesIO(verified.thumbnail)).size) == 480
    original = Image.open(io.BytesIO(verified.content))
    assert (verified.width, verified.height) == original.size == (3000, 2000)
    assert not original.getexif() and b"secret note" not in verified.content and b"Camera maker" not in verified.content


def test_a_12_megapixel_photo_is_decoded_once_at_half_size_for_its_smaller_versions(monkeypatch):
    from PIL import JpegImagePlugin

    decoded = []
    load = JpegImagePlugin.JpegImageFile.load

    def recorded(image):
        decoded.append(image.size)
        return load(image)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", recorded)
    verified = verify_image(_upload(_jpeg((4000, 3000))))
    assert set(decoded) == {(2000, 1500)}, "the decoder scaled down while decoding; the full size was never decoded"
    assert Image.open(io.BytesIO(verified.display)).size == (1600, 1200)
    assert (verified.width, verified.height) == (4000, 3000)


def test_the_original_keeps_its_pixels_and_only_its_orientation():
    data = _jpeg((1200, 800), orientation=6)
    verified = verify_image(_upload(data))
    original = Image.open(io.BytesIO(verified.content))
    assert dict(original.getexif()) == {ORIENTATION_TAG: 6}
    assert (verified.width, verified.height) == (800, 1200)
    assert Image.open(io.BytesIO(verified.display)).size == (800, 1200)
    assert original.tobytes() == Image.open(io.BytesIO(data)).tobytes()


def test_a_truncated_jpeg_is_refused():
    data = _jpeg((1200, 800))
    with pytest.raises(ValidationError):
        verify_image(_upload(data[: len(data) // 2]))


def test_a_truncated_jpeg_is_refused_even_after_the_pdf_library_loaded():
    import weasyprint  # noqa: F401 - it switches Pillow's LOAD_TRUNCATED_IMAGES on when imported

    data = _jpeg((1200, 800))
    with pytest.raises(ValidationError):
        verify_image(_upload(data[: len(data) // 2]))


def test_stripping_refuses_what_is_not_a_jpeg():
    with pytest.raises(ValueError):
        strip_jpeg_metadata(b"GIF89a....")
