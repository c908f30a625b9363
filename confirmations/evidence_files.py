"""The files of a case's evidence export besides its record: the consignee's (or consignor's) documents."""

import hashlib
import zipfile

from confirmations.models import ConsigneeDocument


def consignee_documents_write(archive: zipfile.ZipFile, case) -> list[dict]:
    """Write the documents the case's consignee or consignor sent into the archive (one query, whatever their
    number); return their manifest: each file's SHA-256 as read now and as recorded at upload."""
    manifest = []
    documents = (
        ConsigneeDocument.objects.filter(submission__item__case=case).select_related("submission").order_by("pk")
    )
    for document in documents:
        with document.file.open("rb") as handle:
            content = handle.read()
        extension = document.file.name.rsplit(".", 1)[-1]
        name = f"consignee-documents/item-{document.submission.item_id}-document-{document.pk}.{extension}"
        archive.writestr(name, content)
        manifest.append(
            {
                "file": name,
                "sha256": hashlib.sha256(content).hexdigest(),
                "recorded_sha256": document.sha256,
                "item": document.submission.item_id,
                "submission": document.submission_id,
                "link": document.submission.link_id,
                "kind": document.submission.kind,
                "original_name": document.original_name,
                "content_type": document.content_type,
            }
        )
    return manifest
