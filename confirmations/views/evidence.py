"""The evidence export of a case (a ZIP with the record, the event chain and the photos) and the seal download."""

import io
import json
import zipfile
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from confirmations.access import cases_visible_to, sees_whole_case
from confirmations.evidence import seal_document
from confirmations.evidence_check import chain_verify
from confirmations.evidence_files import consignee_documents_write, item_photos_write
from confirmations.models import Case, CaseEvent, EvidenceHead, EvidenceSeal, Item
from portal.access import is_administrator
from portal.api import token_or_login_required

ITEM_FIELDS = [
    "id",
    "recordal_id",
    "holder_id",
    "description",
    "hs_code",
    "quantity",
    "value",
    "currency",
    "exchange_rate",
    "value_cny",
    "flagged_infringer",
    "flag_reason",
    "status",
    "notified_at",
    "deadline",
    "decision",
    "decided_by_id",
    "decided_at",
    "comment",
    "bond_kind",
    "bond_amount_cny",
    "general_bond_id",
    "case_bond_received_at",
    "officer_action_by_id",
    "officer_action_at",
    "investigation_due",
    "investigation_at",
    "investigation_note",
    "counter_guarantee_cny",
]
CASE_FIELDS = ["id", "office_id", "filed_by_id", *Case.SHIPMENT_FIELDS, "status", "created_at", "committed_at"]


def _dump(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, default=str, ensure_ascii=False)


@token_or_login_required
def case_export(request, pk):
    """Download a case's evidence: record.json, events.json, photos/ and consignee-documents/, each with a
    SHA-256 manifest."""
    case = get_object_or_404(cases_visible_to(request.user), pk=pk)
    if not sees_whole_case(request.user, case):
        raise PermissionDenied
    items = list(Item.objects.filter(case=case).values(*ITEM_FIELDS, recordal_number=F("recordal__number")))
    events = list(
        CaseEvent.objects.filter(case=case)
        .order_by("seq")
        .values(
            "id",
            "item_id",
            "actor_id",
            "action",
            "from_status",
            "to_status",
            "data",
            "created_at",
            "seq",
            "prev_hash",
            "hash",
        )
    )
    problem = chain_verify(case.pk)
    head = EvidenceHead.objects.filter(case=case).values("seq", "mac", "event_count", "updated_at").first()
    record = {
        "case": {name: getattr(case, name) for name in CASE_FIELDS},
        "items": items,
        "exported_at": timezone.now(),
        "chain_intact": problem is None,
        "chain_problem": problem,
        "chain_head": head,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest = item_photos_write(archive, case)
        archive.writestr("record.json", _dump(record))
        archive.writestr("events.json", _dump(events))
        archive.writestr("photos/manifest.json", _dump(manifest))
        archive.writestr("consignee-documents/manifest.json", _dump(consignee_documents_write(archive, case)))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="case-{case.pk}-evidence.zip"'
    return response


@require_GET
@login_required
def seal_download(request, day=None):
    """Download the latest (or a given day's) seal of all chain heads as JSON (administrators only)."""
    if not is_administrator(request.user):
        raise PermissionDenied
    seals = EvidenceSeal.objects.order_by("-day")
    if day is not None:
        try:
            seals = seals.filter(day=date.fromisoformat(day))
        except ValueError as error:
            raise Http404 from error
    seal = seals.first()
    if seal is None:
        raise Http404("No seal has been made for this day yet.")
    response = JsonResponse(seal_document(seal), json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="evidence-seal-{seal.day.isoformat()}.json"'
    return response
