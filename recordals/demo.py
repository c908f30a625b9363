"""Demo recordals: approved marks of both demo holders, and one recordal in every other state.

Every recordal is made through the services, so the timeline of each is real. Running the seeder
again finds each recordal by holder and registration number and creates nothing new.
"""

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from portal.uploads import verify_image
from portal.workdays.calendar import local_date, working_days_between
from recordals import services
from recordals.models import Recordal

WATCH_GOODS = {
    "name": "Wrist watches / 手表",
    "hs_code": "9102.11",
    "features": "Sapphire glass, engraved serial number on the case back",
    "usual_ports": "Shanghai, Shenzhen",
    "price_min": 8000,
    "price_max": 60000,
}
BAG_GOODS = {
    "name": "Leather handbags / 皮革手提包",
    "hs_code": "4202.21",
    "features": "Calfskin, gold-tone hardware stamped LUMIÈRE, numbered inner tag",
    "usual_ports": "Shanghai, Ningbo",
    "price_min": 12000,
    "price_max": 45000,
}
LUMIERE_PARTIES = [
    {"role": "licensee", "name": "Lumière Asia Pacific Ltd", "country": "HK", "address": "Central, Hong Kong"},
    {"role": "manufacturer", "name": "Atelier Lumière Florence", "country": "IT", "address": "Florence, Italy"},
    {
        "role": "infringer",
        "name": "Shenzhen Fake Leather Co.",
        "country": "CN",
        "address": "Baiyun District",
        "notes": "Ships bags with misspelt LUMIERF tags",
    },
    {
        "role": "infringer",
        "name": "Quick Parcel Export Ltd",
        "country": "CN",
        "notes": "Consolidator for e-commerce parcels",
    },
]
GUIDE = (
    "Genuine goods carry a numbered inner tag and a hologram sticker; the hardware is stamped, never printed. "
    "Counterfeits often read LUMIERF or LUMIÉRE and have plastic hardware."
)

# key: holder attribute, filing, goods, parties, images (kind, drawing), the state to leave it in
RECORDALS = {
    "lumiere": (
        "holder1",
        dict(
            right_type="trademark",
            title="LUMIÈRE",
            registration_number="G1184523",
            nice_classes=[14, 18],
            right_valid_from=date(2016, 5, 10),
            right_valid_until=date(2036, 5, 9),
            identification_guide=GUIDE,
        ),
        [BAG_GOODS, WATCH_GOODS],
        LUMIERE_PARTIES,
        [
            ("mark", "logo", "#7a1f2b"),
            ("genuine", "bag", "#8b5a2b"),
            ("genuine", "watch", "#c9a227"),
            ("guide", "tag", "#f2e6c9"),
        ],
        "approved",
    ),
    "lumiere_paris": (
        "holder1",
        dict(
            right_type="trademark",
            title="LUMIERE PARIS",
            registration_number="G1290077",
            nice_classes=[25],
            right_valid_from=date(2018, 2, 1),
            right_valid_until=date(2038, 1, 31),
        ),
        [{"name": "Women's coats / 女式大衣", "hs_code": "6202.11", "usual_ports": "Shanghai"}],
        [],
        [("mark", "logo", "#1f3a7a")],
        "approved",
    ),
    "nordik": (
        "holder2",
        dict(
            right_type="trademark",
            title="NORDIK",
            registration_number="G0998812",
            nice_classes=[14],
            right_valid_from=date(2015, 9, 1),
            right_valid_until=date(2035, 8, 31),
            identification_guide="The crown bears a small engraved N; the dial is printed, never stuck on.",
        ),
        [WATCH_GOODS],
        [{"role": "infringer", "name": "Guangzhou Time Trading", "country": "CN"}],
        [("mark", "logo", "#0b6e4f"), ("genuine", "watch", "#9aa5b1")],
        "approved",
    ),
    "lumiere_monogram": (
        "holder1",
        dict(
            right_type="copyright",
            title="Lumière monogram pattern",
            registration_number="GZ-2017-F-00412",
            right_valid_from=date(2017, 3, 1),
            right_valid_until=date(2090, 12, 31),
            right_details="Artwork, registered copyright",
        ),
        [BAG_GOODS],
        [],
        [("mark", "logo", "#5b3a29")],
        "approved",
    ),
    "nordik_case": (
        "holder2",
        dict(
            right_type="design_patent",
            title="Watch case (NORDIK Classic)",
            registration_number="ZL201930123456.7",
            right_valid_from=date(2019, 6, 1),
            right_valid_until=date(2034, 5, 31),
            right_details="Design patent, 15 years",
        ),
        [WATCH_GOODS],
        [],
        [("genuine", "watch", "#444444")],
        "approved",
    ),
    "lumiere_sport": (
        "holder1",
        dict(
            right_type="trademark",
            title="LUMIÈRE SPORT",
            registration_number="G1400001",
            nice_classes=[28],
            right_valid_from=date(2023, 1, 1),
            right_valid_until=date(2033, 1, 1),
        ),
        [{"name": "Sports bags / 运动包", "hs_code": "4202.92"}],
        [],
        [],
        "draft",
    ),
    "nordik_marine": (
        "holder2",
        dict(
            right_type="trademark",
            title="NORDIK MARINE",
            registration_number="G1400777",
            nice_classes=[14],
            right_valid_from=date(2022, 4, 1),
            right_valid_until=date(2032, 3, 31),
        ),
        [WATCH_GOODS],
        [],
        [("mark", "logo", "#12355b")],
        "submitted",
    ),
    "lumiere_home": (
        "holder1",
        dict(
            right_type="trademark",
            title="LUMIÈRE HOME",
            registration_number="G1350042",
            nice_classes=[20, 24],
            right_valid_from=date(2021, 7, 1),
            right_valid_until=date(2031, 6, 30),
        ),
        [{"name": "Cushions / 靠垫", "hs_code": "9404.90"}],
        [],
        [("mark", "logo", "#9c6644")],
        "overdue",
    ),
    "nordic_time": (
        "holder2",
        dict(
            right_type="trademark",
            title="NORDIC TIME",
            registration_number="G1377310",
            nice_classes=[14],
            right_valid_from=date(2022, 1, 1),
            right_valid_until=date(2032, 1, 1),
        ),
        [WATCH_GOODS],
        [],
        [],
        "rejected",
    ),
    "lumiere_etoile": (
        "holder1",
        dict(
            right_type="trademark",
            title="LUMIÈRE ÉTOILE",
            registration_number="G0711180",
            nice_classes=[3],
            right_valid_from=date(2010, 4, 1),
            right_valid_until=date(2040, 3, 31),
        ),
        [{"name": "Perfume / 香水", "hs_code": "3303.00"}],
        [],
        [("mark", "logo", "#4b2e83")],
        "renewal_requested",
    ),
    "tidsur": (
        "holder2",
        dict(
            right_type="trademark",
            title="TIDSUR",
            registration_number="G0600123",
            nice_classes=[14],
            right_valid_from=date(2006, 1, 1),
            right_valid_until=date(2036, 1, 1),
        ),
        [WATCH_GOODS],
        [],
        [],
        "expired",
    ),
    "lumiere_kids": (
        "holder1",
        dict(
            right_type="trademark",
            title="LUMIÈRE KIDS",
            registration_number="G1200999",
            nice_classes=[25],
            right_valid_from=date(2020, 1, 1),
            right_valid_until=date(2030, 1, 1),
        ),
        [{"name": "Children's clothing / 童装", "hs_code": "6209.20"}],
        [],
        [],
        "cancelled",
    ),
}


def _font(size: int):
    """Return a bold sans font with accented capitals where the system has one, else Pillow's own."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def drawing(kind: str, color: str, text: str) -> SimpleUploadedFile:
    """Draw a simple picture: a logo (text on colour), a bag, a watch or a guide tag."""
    image = Image.new("RGB", (640, 360), color)
    draw = ImageDraw.Draw(image)
    font = _font(64 if kind == "logo" else 28)
    if kind == "bag":
        draw.rounded_rectangle((170, 140, 470, 320), radius=30, fill="#5a3a1a", outline="#e0c068", width=6)
        draw.arc((230, 40, 410, 220), 180, 360, fill="#3a2510", width=14)
    elif kind == "watch":
        draw.rectangle((290, 20, 350, 340), fill="#222222")
        draw.ellipse((200, 90, 440, 330), fill="#f8f8f8", outline="#333333", width=12)
        draw.line((320, 210, 320, 130), fill="#111111", width=6)
        draw.line((320, 210, 380, 230), fill="#111111", width=4)
    elif kind == "tag":
        draw.rectangle((120, 80, 520, 280), fill="white", outline="#999999", width=4)
        draw.text((150, 110), f"{text}\nNo. 000123\nMade in France", fill="#222222", font=font)
    if kind in ("logo", "bag", "watch"):
        bbox = draw.textbbox((0, 0), text, font=font)
        x = (640 - (bbox[2] - bbox[0])) // 2
        y = 140 if kind == "logo" else 12
        draw.text((x, y), text, fill="white" if kind == "logo" else "#111111", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(f"{kind}.png", out.getvalue(), content_type="image/png")


def working_days_ago(days: int):
    """Return a moment whose date lies ``days`` working days before today."""
    now = timezone.now()
    moment = now
    while working_days_between(moment, now) < days:
        moment -= timedelta(days=1)
    return moment


def _finish(recordal, state, *, demo):
    holder_user = demo.holder1_user if recordal.holder == demo.holder1 else demo.holder2_user
    if state == "draft":
        return recordal
    recordal = services.recordal_submit(actor=holder_user, recordal=recordal)
    if state in ("submitted", "overdue"):
        if state == "overdue":
            Recordal.objects.filter(pk=recordal.pk).update(submitted_at=working_days_ago(40))
        return recordal
    if state == "rejected":
        return services.recordal_reject(
            actor=demo.admin,
            recordal=recordal,
            reason="The registration certificate is missing; attach it as a PDF and submit again.",
        )
    recordal = services.recordal_approve(actor=demo.admin, recordal=recordal)
    today = local_date(timezone.now())
    if state == "renewal_requested":
        Recordal.objects.filter(pk=recordal.pk).update(
            valid_from=F("valid_from") - timedelta(days=3560), valid_until=today + timedelta(days=75)
        )
        recordal.refresh_from_db()
        return services.recordal_renew(actor=holder_user, recordal=recordal)
    if state == "expired":
        Recordal.objects.filter(pk=recordal.pk).update(
            valid_from=today - timedelta(days=3660), valid_until=today - timedelta(days=3)
        )
        services.recordals_expire_due(today=today)
    if state == "cancelled":
        return services.recordal_cancel(
            actor=holder_user, recordal=recordal, reason="The product line was discontinued."
        )
    recordal.refresh_from_db()
    return recordal


def seed(demo, *, stdout):
    """Create the demo recordals (once) and expose them as ``demo.recordals``."""
    demo.recordals = {}
    created = 0
    for key, (holder_key, filing, goods, parties, images, state) in RECORDALS.items():
        holder = getattr(demo, holder_key)
        existing = Recordal.objects.filter(holder=holder, registration_number=filing["registration_number"]).first()
        if existing is not None:
            demo.recordals[key] = existing
            continue
        filer = demo.holder1_user if holder == demo.holder1 else demo.holder2_user
        recordal = services.recordal_create(actor=filer, holder=holder, goods=goods, parties=parties, **filing)
        if images:
            services.recordal_images_add(
                actor=filer,
                recordal=recordal,
                images=[
                    (verify_image(drawing(shape, color, filing["title"])), kind, f"{filing['title']}: {shape}")
                    for kind, shape, color in images
                ],
            )
        demo.recordals[key] = _finish(recordal, state, demo=demo)
        created += 1
    stdout.write(f"Recordals: {created} created, {len(RECORDALS) - created} already there.\n")
