"""The files of a case's evidence export besides its record: the items' photos and the consignee's (or
consignor's) documents, each listed in a manifest with its SHA-256 as read now and as recorded at upload."""

import hashlib
import zipfile

from confirmations.models import ConsigneeDocument, ItemPhoto


def stored_file_write(archive: zipfile.ZipFile, field, *, stem: str, recorded_sha256: str, **facts) -> dict:
    """Write a stored file into the archive as ``stem`` plus its extension; return its manifest entry (``facts``
    after the file's name and its SHA-256 as read now and as recorded)."""
    with field.open("rb") as handle:
        content = handle.read()
    name = f"{stem}.{field.name.rsplit('.', 1)[-1]}"
    archive.writestr(name, content)
    return {"file": name, "sha256": hashlib.sha256(content).hexdigest(), "recorded_sha256": recorded_sha256, **facts}


def item_photos_write(archive: zipfile.ZipFile, case) -> list[dict]:
    """Write the photos of the case's items into the archive (one query); return their manifest."""
    return [
        stored_file_write(
            archive,
            photo.image,
            stem=f"photos/item-{photo.item_id}-photo-{photo.pk}",
            recorded_sha256=photo.sha256,
            item=photo.item_id,
            original_name=photo.original_name,
        )
        for photo in ItemPhoto.objects.filter(item__case=case).order_by("pk")
    ]


def consignee_documents_write(archive: zipfile.ZipFile, case) -> list[dict]:
    """Write the documents the case's consignee or consignor sent into the archive (one query, whatever their
    number); return their manifest."""
    documents = (
        ConsigneeDocument.objects.filter(submission__item__case=case).select_related("submission").order_by("pk")
    )
    return [
        stored_file_write(
            archive,
            document.file,
            stem=f"consignee-documents/item-{document.submission.item_id}-document-{document.pk}",
            recorded_sha256=document.sha256,
            item=document.submission.item_id,
            submission=document.submission_id,
            link=document.submission.link_id,
            kind=document.submission.kind,
            original_name=document.original_name,
            content_type=document.content_type,
        )
        for document in documents
    ]
