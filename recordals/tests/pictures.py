"""Synthetic pictures for the perceptual-match tests: a distinctive logo and its altered copies."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from portal.uploads import verify_image
from recordals.image_match import fingerprints_record
from recordals.models import RecordalImage


def logo(seed: int, size=(480, 360)) -> Image.Image:
    """Draw a distinctive picture: coloured shapes on a coloured ground, different for each seed."""
    rnd = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, tuple(rnd.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(10):
        x, y = rnd.randrange(width), rnd.randrange(height)
        box = [x, y, x + rnd.randrange(width // 12, width // 2), y + rnd.randrange(height // 8, height // 2)]
        colour = tuple(rnd.randrange(256) for _ in range(3))
        if rnd.random() < 0.5:
            draw.rectangle(box, fill=colour)
        else:
            draw.ellipse(box, fill=colour)
    return image


def resized(image: Image.Image, factor: float = 0.4) -> Image.Image:
    return image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.BILINEAR)


def recompressed(image: Image.Image, quality: int = 60) -> Image.Image:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue()))


def cropped(image: Image.Image, *, left=0.05, top=0.05, right=0.0, bottom=0.0) -> Image.Image:
    w, h = image.size
    return image.crop((round(w * left), round(h * top), w - round(w * right), h - round(h * bottom)))


def upload(image: Image.Image, name: str = "photo.jpg") -> SimpleUploadedFile:
    """Return the picture as an uploaded JPEG file."""
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=90)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def recorded(recordal, image: Image.Image, *, kind=RecordalImage.Kind.GENUINE) -> RecordalImage:
    """Attach the picture to a recordal whatever its status, indexed as an upload would be."""
    verified = verify_image(upload(image, "genuine.jpg"))
    row = RecordalImage(recordal=recordal, kind=kind)
    row.fill_from(verified, folder=f"recordals/{recordal.pk}")
    row.save()
    fingerprints_record(image=row, data=verified.thumbnail)
    return row
