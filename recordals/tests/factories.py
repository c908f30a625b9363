"""Factories for recordals, shared with the tests of apps that build on recordals."""

import io
import itertools
from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from portal.accounts.models import User
from portal.tests.factories import AdminDepartmentFactory, HolderFactory, member_of
from portal.uploads import verify_image
from recordals.models import Goods, Party, Recordal, RecordalImage, RightType
from recordals.services import recordal_approve, recordal_images_add

APPROVER_USERNAME = "recordal-approver"


class RecordalFactory(factory.django.DjangoModelFactory):
    """A filing in the given status (a draft by default) with one line of goods; no events."""

    class Meta:
        model = Recordal
        skip_postgeneration_save = True

    holder = factory.SubFactory(HolderFactory)
    right_type = RightType.TRADEMARK
    title = factory.Sequence(lambda n: f"MARK {n}")
    registration_number = factory.Sequence(lambda n: f"REG{n:07d}")
    right_valid_from = date(2020, 1, 1)
    right_valid_until = date(2040, 12, 31)
    nice_classes = factory.LazyFunction(lambda: [14])

    @factory.post_generation
    def goods(obj, create, extracted, **kwargs):
        if not create:
            return
        lines = extracted if extracted is not None else [{"name": "Watches", "hs_code": "9102.11"}]
        Goods.objects.bulk_create([Goods(recordal=obj, **line) for line in lines])

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        if create and extracted:
            Party.objects.bulk_create([Party(recordal=obj, **line) for line in extracted])


def approver():
    """Return an administrator who approves recordals made by the helpers."""
    user = User.objects.filter(username=APPROVER_USERNAME).first()
    return user or member_of(AdminDepartmentFactory(), username=APPROVER_USERNAME)


def submitted_recordal(**fields) -> Recordal:
    """Return a filing awaiting review."""
    fields.setdefault("submitted_at", timezone.now())
    return RecordalFactory(status=Recordal.Status.SUBMITTED, **fields)


def approved_recordal(*, holder=None, title="LUMIÈRE", by=None, **fields) -> Recordal:
    """Return a recordal approved today through the service: numbered, valid, with its events."""
    recordal = submitted_recordal(holder=holder or HolderFactory(), title=title, **fields)
    return recordal_approve(actor=by or approver(), recordal=recordal)


_in_force_numbers = itertools.count(1)


def recordal_in_force(holder, *, title="LUMIÈRE", right_type=RightType.TRADEMARK, infringers=(), **fields) -> Recordal:
    """Return a recordal stored as approved and in force from 2020 to 2035, without review events or notices.

    Tests of what is done with recordals in force (cases, decisions, statistics) start from it, whatever day
    they travel to; tests of the review itself use ``approved_recordal``.
    """
    n = next(_in_force_numbers)
    prefix = "T" if right_type == RightType.TRADEMARK else "P"
    values = {
        "right_type": right_type,
        "title": title,
        "registration_number": f"REG{n:06d}",
        "right_valid_from": date(2015, 1, 1),
        "right_valid_until": None,
        "nice_classes": [],
        "status": Recordal.Status.APPROVED,
        "number": f"{prefix}2026-{n + 900000:06d}",
        "valid_from": date(2020, 1, 1),
        "valid_until": date(2035, 12, 31),
        "identification_guide": "Genuine dials carry a laser-etched serial.",
        "goods": [],
        "parties": [{"role": Party.Role.INFRINGER, "name": name} for name in infringers],
    }
    return RecordalFactory(holder=holder, **{**values, **fields})


def image_bytes(*, size=(64, 48), color="navy", fmt="PNG", **save_options) -> bytes:
    """Return a small image file's bytes."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **save_options)
    return out.getvalue()


def image_upload(name="photo.png", *, color="navy", size=(64, 48)) -> SimpleUploadedFile:
    """Return an uploaded image file, a JPEG if its name ends in ``.jpg``, else a PNG."""
    jpeg = name.endswith(".jpg")
    return SimpleUploadedFile(
        name,
        image_bytes(fmt="JPEG" if jpeg else "PNG", color=color, size=size),
        content_type=f"image/{'jpeg' if jpeg else 'png'}",
    )


def pdf_upload(name="certificate.pdf") -> SimpleUploadedFile:
    """Return a minimal PDF file."""
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def recordal_image(recordal, *, kind=RecordalImage.Kind.GENUINE, color="navy") -> RecordalImage:
    """Attach a real, verified image to a recordal, whatever its status (bypassing the editable check)."""
    image = RecordalImage(recordal=recordal, kind=kind)
    image.fill_from(verify_image(image_upload(color=color)), folder=f"recordals/{recordal.pk}")
    image.save()
    return image


def draft_with_image(*, actor, holder, **fields):
    """Return a draft recordal of the holder with one genuine-goods photo attached through the service."""
    recordal = RecordalFactory(holder=holder, created_by=actor, **fields)
    recordal_images_add(actor=actor, recordal=recordal, images=[(verify_image(image_upload()), "genuine", "")])
    return recordal
