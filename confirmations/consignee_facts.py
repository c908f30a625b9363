"""What a consignee's link shows: the detention facts of its own shipment, and nothing of the holder's.

One home for that rule: the page, the JSON answer and the written notice all read ``consignee_facts``. Never
here: the holder's contacts, the bond, the holder's comments, notes of the office, or any other shipment.
"""

from django.db.models import Q

from confirmations.models import BondInstructions, CaseEvent, ConsigneeLink, ConsigneeSubmission, Item

S = Item.Status
EXPLAINABLE = (S.DETAINED, S.NOT_CONFIRMED)


def detained_items(case):
    """Return the case's items that were detained (detention sets the investigation's due date)."""
    return Item.objects.filter(Q(case=case) & Q(investigation_due__isnull=False)).order_by("pk")


def link_items(link: ConsigneeLink):
    """Return the detained items a link concerns: those of its own holder, never another holder's."""
    return detained_items(link.case).filter(holder_id=link.holder_id)


def counter_guarantee_reference(item: Item) -> str:
    """The reference the consignee quotes when lodging a counter-guarantee: CG-<case>-<item>."""
    return f"CG-{item.case_id}-{item.pk}"


def _lodging(instructions: BondInstructions | None, item: Item) -> dict | None:
    if instructions is None:
        return None
    return instructions.lodging(counter_guarantee_reference(item))


def _item_facts(item: Item, *, detained_at, requested: bool, instructions) -> dict:
    may_request = item.is_patent and item.status == S.DETAINED and not requested
    return {
        "id": item.pk,
        "description": item.description,
        "quantity": item.quantity,
        "value": item.value,
        "currency": item.currency,
        "value_cny": item.value_cny,
        "status": item.status,
        "status_label": Item.Status(item.status).label,
        "recordal_number": item.recordal.number,
        "right_type": item.recordal.right_type,
        "right_label": item.recordal.get_right_type_display(),
        "holder_name": item.holder.name,
        "detained_at": detained_at,
        "investigation_due": item.investigation_due,
        "release_due": item.release_due,
        "is_patent": item.is_patent,
        "may_explain": item.status in EXPLAINABLE,
        "counter_guarantee": {
            "possible": may_request,
            "requested": requested,
            "amount_cny": item.value_cny,
            "reference": counter_guarantee_reference(item),
            "lodging": _lodging(instructions, item) if item.is_patent else None,
        },
    }


def consignee_facts(link: ConsigneeLink) -> dict:
    """Return the detention facts of the link's holder's goods the party may read, and what it sent (six queries)."""
    case = link.case
    items = list(link_items(link).select_related("recordal", "holder"))
    detained_at = dict(
        CaseEvent.objects.filter(case=case, action="detained").order_by("seq").values_list("item_id", "created_at")
    )
    requested = set(
        ConsigneeSubmission.objects.filter(
            item__case=case, item__holder_id=link.holder_id, kind=ConsigneeSubmission.Kind.COUNTER_GUARANTEE
        ).values_list("item_id", flat=True)
    )
    instructions = BondInstructions.objects.filter(office_id=case.office_id).first()
    submissions = link.submissions.prefetch_related("documents").order_by("created_at", "pk")
    return {
        "case_id": case.pk,
        "role": link.role,
        "role_label": ConsigneeLink.Role(link.role).label,
        "party_name": link.name,
        "office_name": case.office.name,
        "waybill_number": case.waybill_number,
        "channel_label": case.get_channel_display(),
        "direction_label": case.get_direction_display(),
        "declared_goods": case.declared_goods,
        "case_status": case.status,
        "expires_at": link.expires_at,
        "items": [
            _item_facts(
                item, detained_at=detained_at.get(item.pk), requested=item.pk in requested, instructions=instructions
            )
            for item in items
        ],
        "submissions": [
            {
                "id": submission.pk,
                "kind": submission.kind,
                "kind_label": submission.get_kind_display(),
                "item_id": submission.item_id,
                "text": submission.text,
                "amount_cny": submission.amount_cny,
                "created_at": submission.created_at,
                "documents": [document.original_name for document in submission.documents.all()],
            }
            for submission in submissions
        ],
    }
