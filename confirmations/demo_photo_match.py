"""Demo of photo matching: a suspect photo that is a cropped, smaller, recompressed copy of a recorded image."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from confirmations import services
from confirmations.demo_texts import bilingual
from confirmations.models import Case
from confirmations.photo_match import photo_hashes_backfill, photo_pairs
from portal.uploads import verify_image
from recordals.demo import RECORDALS, drawing

WAYBILL = "DEMO-PHOTO-007"


def suspect_photo(title: str, shape: str, color: str):
    """Return the recorded drawing as a suspect photo: 4 % cropped off two sides, 70 % of its size, JPEG 60."""
    with Image.open(drawing(shape, color, title)) as recorded:
        picture = recorded.convert("RGB")
    width, height = picture.size
    picture = picture.crop((round(width * 0.04), round(height * 0.04), width, height))
    picture = picture.resize((round(picture.width * 0.7), round(picture.height * 0.7)), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=60)
    return verify_image(SimpleUploadedFile("suspect-bag.jpg", out.getvalue(), content_type="image/jpeg"))


def seed(demo, *, stdout) -> None:
    """Hash what was stored before matching, then file (once) an item whose photo matches LUMIÈRE's bag."""
    photos, images = photo_hashes_backfill()
    lumiere = (getattr(demo, "recordals", None) or {}).get("lumiere")
    if lumiere is None:
        stdout.write("(photo-match demo skipped: the recordals seeder set no demo recordals)")
        return
    case = Case.objects.filter(waybill_number=WAYBILL).first()
    if case is None:
        _holder, filing, _goods, _parties, images_filed, _state = RECORDALS["lumiere"]
        [(_kind, shape, color)] = [image for image in images_filed if image[1] == "bag"]
        case = services.case_file(
            officer=demo.officer1,
            shipment={
                "channel": "express",
                "direction": "import",
                "waybill_number": WAYBILL,
                "currency": "CNY",
                "consignor": "Yiwu Leather Goods Co",
                "consignor_country": "CN",
                "consignee": "A. Laurent",
                "consignee_country": "FR",
                "declared_goods": bilingual("handbags"),
            },
            items=[
                services.ItemInput(
                    recordal_id=lumiere.pk,
                    description=bilingual("Handbags, LUMIÈRE clasp"),
                    hs_code="4202.21",
                    quantity=25,
                    value=Decimal("7500.00"),
                    photos=[suspect_photo(filing["title"], shape, color)],
                )
            ],
        )
    item = case.items.get()
    photo = item.photos.get()
    photos_shown = photo_pairs([photo], lumiere.images.prefetch_related("fingerprints"))
    match = f"{photos_shown[0].match.similarity}% alike" if photos_shown else "no match"
    stdout.write(
        f"Photo match: the photo of item {item.pk} ({WAYBILL}) and the recorded bag of {lumiere.number}: {match}"
        f" (backfill: {photos} photos, {images} images)"
    )
