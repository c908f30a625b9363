"""Filing: drafting a recordal, correcting it, attaching images and documents."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import audit_write
from portal.errors import Refused
from portal.uploads import VerifiedImage, VerifiedPdf, random_name
from portal.validators import normalize_hs_code
from recordals.access import may_create_for, may_file
from recordals.image_match import fingerprints_record
from recordals.models import Goods, Party, Recordal, RecordalDocument, RecordalEvent, RecordalImage
from recordals.services.common import locked, require
from recordals.validators import nice_classes_parse

EDITABLE_FIELDS = (
    "right_type",
    "title",
    "registration_number",
    "right_valid_from",
    "right_valid_until",
    "nice_classes",
    "right_details",
    "identification_guide",
)
GOODS_FIELDS = ("name", "hs_code", "features", "usual_ports", "price_min", "price_max", "price_currency")
PARTY_FIELDS = ("role", "name", "country", "address", "notes")


def _check_dates(recordal: Recordal) -> None:
    if recordal.right_valid_until is not None and recordal.right_valid_until < recordal.right_valid_from:
        raise Refused(_("The right cannot end before it starts."))


def _goods_fields(line: dict) -> dict:
    fields = {k: v for k, v in line.items() if k in GOODS_FIELDS}
    if fields.get("hs_code"):
        fields["hs_code"] = normalize_hs_code(fields["hs_code"])
    return fields


def _replace_lines(recordal: Recordal, goods, parties) -> None:
    if goods is not None:
        recordal.goods.all().delete()
        Goods.objects.bulk_create([Goods(recordal=recordal, **_goods_fields(line)) for line in goods])
    if parties is not None:
        recordal.parties.all().delete()
        Party.objects.bulk_create(
            [Party(recordal=recordal, **{k: v for k, v in line.items() if k in PARTY_FIELDS}) for line in parties]
        )


def _normalized(fields: dict) -> dict:
    fields = dict(fields)
    if "nice_classes" in fields:
        try:
            fields["nice_classes"] = nice_classes_parse(fields["nice_classes"])
        except ValidationError as error:
            raise Refused(error.messages[0], field="nice_classes")
    return fields


@transaction.atomic
def recordal_create(*, actor, holder, goods=(), parties=(), **fields) -> Recordal:
    """Start a draft recordal for the holder, with its goods and parties."""
    require(may_create_for(actor, holder), _("You may not file recordals for this holder."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not recordal fields: {', '.join(sorted(unknown))}")
    recordal = Recordal(holder=holder, created_by=actor, **_normalized(fields))
    _check_dates(recordal)
    recordal.save()
    _replace_lines(recordal, list(goods), list(parties))
    audit_write(RecordalEvent, recordal=recordal, actor=actor, action="created", to_status=recordal.status)
    return recordal


@transaction.atomic
def recordal_update(*, actor, recordal, fields: dict | None = None, goods=None, parties=None) -> Recordal:
    """Correct a draft or a rejected filing; a recordal once approved changes only by modification."""
    row = locked(recordal)
    require(may_file(actor, row), _("You may not file for this holder."))
    if not row.is_editable():
        raise Refused(
            _("This recordal is %(status)s and can no longer be edited; request a modification instead.")
            % {"status": row.get_status_display().lower()}
        )
    fields = _normalized(fields or {})
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable fields: {', '.join(sorted(unknown))}")
    changed = sorted(name for name, value in fields.items() if getattr(row, name) != value)
    for name in changed:
        setattr(row, name, fields[name])
    _check_dates(row)
    row.save()
    _replace_lines(row, goods, parties)
    if goods is not None:
        changed.append("goods")
    if parties is not None:
        changed.append("parties")
    audit_write(
        RecordalEvent,
        recordal=row,
        actor=actor,
        action="updated",
        from_status=row.status,
        to_status=row.status,
        data={"fields": changed},
    )
    return row


def _editable_row(actor, recordal) -> Recordal:
    row = locked(recordal)
    require(may_file(actor, row), _("You may not file for this holder."))
    if not row.is_editable():
        raise Refused(_("Files can be attached only to a draft or a rejected filing; request a modification instead."))
    return row


@contextmanager
def _attaching(actor, recordal, *, discard):
    """Lock the editable recordal for attaching files, in one transaction; yield it and the list of the rows
    whose files are written: on failure every one of them is discarded, so no file is kept."""
    stored = []
    try:
        with transaction.atomic():
            yield _editable_row(actor, recordal), stored
    except BaseException:
        for attached in stored:
            discard(attached)
        raise


def recordal_images_add(*, actor, recordal, images: list[tuple[VerifiedImage, str, str]]) -> list[RecordalImage]:
    """Attach verified images (with kind and caption) to an editable recordal; on failure keep no file."""
    with _attaching(actor, recordal, discard=RecordalImage.delete_files) as (row, stored):
        for verified, kind, caption in images:
            image = RecordalImage(recordal=row, kind=kind or RecordalImage.Kind.GENUINE, caption=caption or "")
            image.fill_from(verified, folder=f"recordals/{row.pk}")
            stored.append(image)
            image.save()
            fingerprints_record(image=image, data=verified.thumbnail)
        audit_write(
            RecordalEvent,
            recordal=row,
            actor=actor,
            action="images_added",
            from_status=row.status,
            to_status=row.status,
            data={"images": [{"id": i.pk, "kind": i.kind, "name": i.original_name} for i in stored]},
        )
    return stored


def recordal_documents_add(*, actor, recordal, documents: list[tuple[VerifiedPdf, str]]) -> list[RecordalDocument]:
    """Attach verified PDF documents to an editable recordal; on failure keep no file."""
    with _attaching(actor, recordal, discard=_document_discard) as (row, stored):
        for verified, title in documents:
            document = RecordalDocument(
                recordal=row, title=title or "", original_name=verified.original_name, sha256=verified.sha256
            )
            document.file.save(
                f"recordals/{row.pk}/docs/{random_name('pdf')}", ContentFile(verified.content), save=False
            )
            stored.append(document)
            document.save()
        audit_write(
            RecordalEvent,
            recordal=row,
            actor=actor,
            action="documents_added",
            from_status=row.status,
            to_status=row.status,
            data={"documents": [{"id": d.pk, "name": d.original_name} for d in stored]},
        )
    return stored


def _document_discard(document: RecordalDocument) -> None:
    document.file.storage.delete(document.file.name)


def recordal_image_remove(*, actor, image: RecordalImage) -> None:
    """Take an image off an editable filing and delete its files once the removal is committed."""
    with transaction.atomic():
        row = _editable_row(actor, image.recordal)
        image = RecordalImage.objects.select_for_update().get(pk=image.pk, recordal=row)
        names = (image.image.name, image.thumbnail.name)
        audit_write(
            RecordalEvent,
            recordal=row,
            actor=actor,
            action="image_removed",
            from_status=row.status,
            to_status=row.status,
            data={"image": image.pk, "kind": image.kind, "name": image.original_name, "sha256": image.sha256},
        )
        image.delete()
        storage = image.image.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names if name])
