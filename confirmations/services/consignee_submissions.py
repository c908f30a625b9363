"""What a consignee (or consignor) sends through its link: a written explanation with documents (Art 19), and,
for patent goods, a request for release against a counter-guarantee equal to the goods' value."""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.consignee_facts import EXPLAINABLE, link_items
from confirmations.evidence import event_record
from confirmations.models import ConsigneeDocument, ConsigneeLink, ConsigneeSubmission, Item
from confirmations.services.common import lock_case
from confirmations.services.consignee import consignee_link_check, link_party
from confirmations.services.notify import notify_item_changed
from portal.errors import FieldErrors, Refused
from portal.notices.params import Phrase
from portal.uploads import VerifiedImage, VerifiedPdf, random_name

MAX_EXPLANATION_CHARS = 5000
MAX_DOCUMENTS = 5
S = Item.Status


def _item(link: ConsigneeLink, item_id) -> Item:
    item = (
        link_items(link).filter(pk=item_id).select_related("case", "case__office", "recordal", "holder").first()
        if str(item_id).isdigit()
        else None
    )
    if item is None:
        raise FieldErrors({"item": [_("Choose goods of your shipment.")]})
    return item


@transaction.atomic
def consignee_explanation_submit(
    *,
    public_id,
    token: str,
    device_secret: str | None,
    item_id,
    text: str,
    documents: list[VerifiedPdf | VerifiedImage],
) -> ConsigneeSubmission:
    """Record the party's written explanation about detained goods; the officer and the holder see it."""
    link = consignee_link_check(public_id=public_id, token=token, device_secret=device_secret)
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = [_("Enter your explanation.")]
    elif len(text) > MAX_EXPLANATION_CHARS:
        errors["text"] = [_("Your explanation can have at most 5,000 characters.")]
    if len(documents) > MAX_DOCUMENTS:
        errors["documents"] = [_("Attach at most 5 documents.")]
    item = _item(link, item_id)
    if errors:
        raise FieldErrors(errors)
    lock_case(item.case_id)
    item.refresh_from_db()
    if item.status not in EXPLAINABLE:
        raise Refused(
            _("An explanation is taken while the goods are detained (these are “%(status)s”).")
            % {"status": item.get_status_display()},
            field="item",
        )
    submission = ConsigneeSubmission.objects.create(
        link=link, item=item, kind=ConsigneeSubmission.Kind.EXPLANATION, text=text, created_at=timezone.now()
    )
    stored = [_store(submission, document) for document in documents]
    _submission_record(
        submission,
        action="consignee_explanation",
        message=_("the consignee or consignor sent a written explanation"),
        text=text,
        documents=[{"id": d.pk, "name": d.original_name, "sha256": d.sha256} for d in stored],
    )
    return submission


def _submission_record(submission: ConsigneeSubmission, *, action: str, message, **data) -> None:
    """Write the submission on its item's history (who sent it, and ``data``) and tell the officers and the holder."""
    item = submission.item
    event_record(
        case=item.case,
        item=item,
        action=action,
        from_status=item.status,
        to_status=item.status,
        data={**link_party(submission.link), "submission": submission.pk, **data},
    )
    notify_item_changed(item, message=message, to_officers=True)


def _store(submission: ConsigneeSubmission, document: VerifiedPdf | VerifiedImage) -> ConsigneeDocument:
    is_image = isinstance(document, VerifiedImage)
    extension = document.extension if is_image else "pdf"
    row = ConsigneeDocument(
        submission=submission,
        original_name=document.original_name,
        content_type=document.content_type if is_image else "application/pdf",
        sha256=document.sha256,
    )
    row.file.save(f"consignee-documents/{random_name(extension)}", ContentFile(document.content), save=False)
    row.save()
    return row


@transaction.atomic
def consignee_counter_guarantee_request(
    *, public_id, token: str, device_secret: str | None, item_id
) -> ConsigneeSubmission:
    """Ask for release of detained patent goods against a counter-guarantee equal to their value (once per item)."""
    link = consignee_link_check(public_id=public_id, token=token, device_secret=device_secret)
    item = _item(link, item_id)
    lock_case(item.case_id)
    item.refresh_from_db()
    if not item.is_patent:
        raise Refused(_("Release against a counter-guarantee applies to patent goods only."), field="item")
    if item.status != S.DETAINED:
        raise Refused(
            _("Only detained goods can be released against a counter-guarantee (these are “%(status)s”).")
            % {"status": item.get_status_display()},
            field="item",
        )
    try:
        with transaction.atomic():
            submission = ConsigneeSubmission.objects.create(
                link=link,
                item=item,
                kind=ConsigneeSubmission.Kind.COUNTER_GUARANTEE,
                amount_cny=item.value_cny,
                created_at=timezone.now(),
            )
    except IntegrityError:
        raise Refused(_("Release against a counter-guarantee was already requested for these goods."), field="item")
    _submission_record(
        submission,
        action="consignee_counter_guarantee_requested",
        message=Phrase(_("release against a counter-guarantee of %(amount)s CNY was requested"), amount=item.value_cny),
        amount_cny=item.value_cny,
    )
    return submission
