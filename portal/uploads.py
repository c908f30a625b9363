"""Safe uploads: images verified by decoding, re-encoded without metadata; PDFs by signature, without active content.

Files are stored under random names and served only by views that check access first
(``serve_stored_file``); there is no public media URL.
"""

import hashlib
import io
import struct
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from portal.pdfcheck import UncheckablePdf, active_names

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png", "BMP": "png", "TIFF": "png"}
THUMBNAIL_SIZE = (480, 480)
DISPLAY_SIZE = (1600, 1600)
ORIENTATION_TAG = 0x0112


@dataclass(frozen=True)
class VerifiedImage:
    """An image that decoded cleanly, stored without EXIF, with its display version and thumbnail."""

    content: bytes
    extension: str
    content_type: str
    width: int
    height: int
    thumbnail: bytes
    sha256: str
    original_name: str
    display: bytes = b""


def _read_limited(upload, *, label: str) -> bytes:
    size = getattr(upload, "size", None)
    limit = settings.PORTAL_MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            _("%(name)s is too large (%(size)d MB; the limit is %(limit)d MB).")
            % {"name": label, "size": size // (1024 * 1024), "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("%(name)s is too large (the limit is %(limit)d MB).") % {"name": label, "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    return data


def verify_image(upload) -> VerifiedImage:
    """Decode an uploaded image, refuse what is not one or is too big, strip metadata."""
    # Pillow's global switch may have been turned on by a library (WeasyPrint does, when the PDF notices load
    # it); an upload must decode completely, so a truncated file is refused.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    name = getattr(upload, "name", "") or "image"
    data = _read_limited(upload, label=name)
    not_an_image = ValidationError(
        _("%(name)s is not an image this portal accepts (JPEG, PNG, WebP, GIF, BMP or TIFF).") % {"name": name},
        code="not_image",
    )
    max_pixels = settings.PORTAL_MAX_IMAGE_PIXELS
    too_many_pixels = ValidationError(
        _("%(name)s has too many pixels; at most %(max)d million pixels are accepted.")
        % {"name": name, "max": max_pixels // 1_000_000},
        code="too_many_pixels",
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("%(name)s has %(w)d × %(h)d pixels; at most %(max)d million pixels are accepted.")
                    % {"name": name, "w": width, "h": height, "max": max_pixels // 1_000_000},
                    code="too_many_pixels",
                )
        if fmt not in ALLOWED_IMAGE_FORMATS:
            raise not_an_image
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if fmt == "JPEG":
                    clean, width, height, display, thumbnail = _jpeg_versions(image, data)
                else:
                    image.load()
                    image = ImageOps.exif_transpose(image)
                    clean = _reencode(image, fmt)
                    width, height = image.size
                    display, thumbnail = _smaller_versions(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error):
        raise not_an_image
    extension = "jpg" if fmt == "JPEG" else ALLOWED_IMAGE_FORMATS[fmt]
    return VerifiedImage(
        content=clean,
        extension=extension,
        content_type={"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[extension],
        width=width,
        height=height,
        thumbnail=thumbnail,
        sha256=hashlib.sha256(clean).hexdigest(),
        original_name=name[:200],
        display=display,
    )


def _smaller_versions(image: Image.Image) -> tuple[bytes, bytes]:
    """Return the display version (at most 1600 px a side) and the thumbnail, both JPEG, from one decoded image."""
    display = image.copy() if max(image.size) <= DISPLAY_SIZE[0] else image.resize(_fit(image.size, DISPLAY_SIZE))
    thumb = display.resize(_fit(display.size, THUMBNAIL_SIZE), Image.Resampling.BILINEAR)
    return _reencode(display, "JPEG", quality=82), _reencode(thumb, "JPEG", quality=82)


def _fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    scale = min(box[0] / size[0], box[1] / size[1], 1)
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _jpeg_versions(image, data: bytes) -> tuple[bytes, int, int, bytes, bytes]:
    """Keep a JPEG's compressed pixels as they are, minus its metadata; decode it once, reduced, for the rest.

    ``draft`` makes the decoder scale down while decoding (1/2, 1/4, 1/8), which still reads every
    compressed block, so a damaged file is refused; the display version and the thumbnail come from it.
    It is asked for the display version's own size: the decoder picks the largest reduction that still
    covers it on both sides (a 4000 × 3000 photo is decoded at 2000 × 1500, not in full).
    """
    orientation = image.getexif().get(ORIENTATION_TAG, 1)
    width, height = image.size
    image.draft("RGB", _fit(image.size, DISPLAY_SIZE))
    image.load()
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image = ImageOps.exif_transpose(image)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    display, thumbnail = _smaller_versions(image)
    return strip_jpeg_metadata(data, orientation=orientation), width, height, display, thumbnail


def strip_jpeg_metadata(data: bytes, *, orientation: int = 1) -> bytes:
    """Return the JPEG without its APPn (EXIF, GPS, XMP...) and comment segments, the pixels untouched.

    JFIF and the colour profile stay.
    The orientation, when not the default, is kept as a one-tag EXIF segment so viewers still turn it upright.
    """
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out = [b"\xff\xd8"]
    if orientation != 1:
        exif = Image.Exif()
        exif[ORIENTATION_TAG] = orientation
        payload = exif.tobytes()
        out.append(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
    position = 2
    while position < len(data):
        if data[position] != 0xFF:
            raise ValueError("broken JPEG segment")
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        if marker == 0xDA:
            out.append(data[position:])
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(data[position : position + 2])
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segment = data[position : position + 2 + length]
        colour_profile = marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00"
        if colour_profile or not (0xE1 <= marker <= 0xEF or marker == 0xFE):
            out.append(segment)
        position += 2 + length
    else:
        raise ValueError("JPEG without image data")
    return b"".join(out)


def _reencode(image: Image.Image, fmt: str, *, quality: int = 88) -> bytes:
    """Write the pixels alone (no EXIF, no GPS, no text chunks) in a web format."""
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=quality)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=88)
    else:
        mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
        image.convert(mode).save(out, "PNG", optimize=True)
    return out.getvalue()


@dataclass(frozen=True)
class VerifiedPdf:
    """A PDF document checked by signature and size."""

    content: bytes
    sha256: str
    original_name: str


def verify_pdf(upload) -> VerifiedPdf:
    """Accept a PDF by its signature, size and lack of active content, never by its name or declared type."""
    name = getattr(upload, "name", "") or "document"
    data = _read_limited(upload, label=name)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("%(name)s is not a PDF document.") % {"name": name}, code="not_pdf")
    try:
        active = active_names(data)
    except UncheckablePdf:
        raise ValidationError(
            _("%(name)s cannot be checked for active content (its compressed objects cannot be read).")
            % {"name": name},
            code="pdf_uncheckable",
        )
    if active:
        raise ValidationError(
            _("%(name)s contains active content (%(found)s); PDFs with scripts, actions or embedded files are refused.")
            % {"name": name, "found": ", ".join(f"/{n}" for n in sorted(active))},
            code="pdf_active",
        )
    return VerifiedPdf(content=data, sha256=hashlib.sha256(data).hexdigest(), original_name=name[:200])


def verify_all(uploads, verify) -> list:
    """Verify each upload with ``verify`` (e.g. ``verify_pdf``); refuse them together, naming every file refused."""
    verified, errors = [], []
    for upload in uploads or ():
        try:
            verified.append(verify(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return verified


def random_name(extension: str) -> str:
    """Return an unguessable file name with the given extension."""
    return f"{uuid.uuid4().hex}.{extension}"


class StoredImage(models.Model):
    """Columns and behaviour shared by every stored photo (recordal images, case photos)."""

    image = models.FileField(_("image"), max_length=300)
    thumbnail = models.FileField(_("thumbnail"), max_length=300)
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True

    def fill_from(self, verified: VerifiedImage, *, folder: str) -> None:
        """Store the verified image and its thumbnail under random names in ``folder``."""
        name = random_name(verified.extension)
        self.image.save(f"{folder}/{name}", ContentFile(verified.content), save=False)
        self.thumbnail.save(f"{folder}/thumbs/{name}.jpg", ContentFile(verified.thumbnail), save=False)
        self.content_type = verified.content_type
        self.width = verified.width
        self.height = verified.height
        self.sha256 = verified.sha256
        self.original_name = verified.original_name

    def delete_files(self) -> None:
        """Remove the stored files (used when the row's transaction is rolled back)."""
        for field in (self.image, self.thumbnail):
            if field:
                field.storage.delete(field.name)


def serve_stored_file(field, *, content_type: str, download_name: str = "") -> FileResponse:
    """Stream a stored file; call only after the access check."""
    response = FileResponse(
        field.open("rb"),
        content_type=content_type,
        as_attachment=bool(download_name),
        filename=download_name or None,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
