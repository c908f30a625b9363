"""The API of the holder's own initiatives: applications for detention of a known shipment, and tips."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from confirmations import request_serializers as s
from confirmations.models import DetentionRequest, DetentionRequestEvent, Tip
from confirmations.request_access import requests_visible_to, tips_visible_to
from confirmations.services.request_detention import detention_request_match
from confirmations.services.requests import (
    RequestInput,
    detention_request_accept,
    detention_request_bond_receive,
    detention_request_evidence_add,
    detention_request_refuse,
    detention_request_submit,
    detention_request_withdraw,
)
from confirmations.services.tips import TipInput, tip_mark_not_used, tip_mark_used, tip_send
from portal.access import is_officer
from portal.api import PortalFilterSet
from portal.api_actions import ObjectActionMixin
from portal.uploads import verify_image, verify_pdf


def verify_evidence(upload):
    """Accept a PDF document or an image, by content; raise Django's ValidationError otherwise."""
    head = upload.read(5)
    upload.seek(0)
    return verify_pdf(upload) if head == b"%PDF-" else verify_image(upload)


class RequestFilter(PortalFilterSet):
    class Meta:
        model = DetentionRequest
        fields = ["status"]


def request_queryset(user):
    return (
        requests_visible_to(user)
        .select_related("holder", "office", "recordal", "item")
        .prefetch_related("files", Prefetch("events", queryset=DetentionRequestEvent.objects.select_related("actor")))
    )


class DetentionRequestViewSet(
    ObjectActionMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Applications for detention of a shipment the holder knows about (Arts 12-15).

    The holder side (its staff, agents with the right to file) applies and sees its own; officers review
    those addressed to their office (listed by expected arrival); administrators see all. The bond equals
    the goods' value in CNY at the stated rate; customs detains only once it is lodged. Without a court's
    assistance notice within 20 working days of detention the goods are released automatically.
    """

    serializer_class = s.DetentionRequestSerializer
    filterset_class = RequestFilter
    object_argument = "request_id"

    def get_queryset(self):
        order = ("expected_from", "pk") if is_officer(self.request.user) else ("-submitted_at", "-pk")
        return request_queryset(self.request.user).order_by(*order)

    @extend_schema(request=s.RequestCreateSerializer, responses={201: s.DetentionRequestSerializer})
    def create(self, request, *args, **kwargs):
        """Apply to an office for the detention of a shipment (holder side); add evidence with ``evidence``."""
        body = s.RequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["recordal_id"] = data.pop("recordal")
        data["office_id"] = data.pop("office")
        created = detention_request_submit(user=request.user, data=RequestInput(**data))
        return self.answer(created, 201)

    @extend_schema(request={"multipart/form-data": s.EvidenceUploadSerializer}, responses=s.DetentionRequestSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        """Attach a document (PDF) or an image to an open application (holder side; multipart ``file``)."""
        row = self.get_object()
        body = s.EvidenceUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            verified = verify_evidence(body.validated_data["file"])
        except DjangoValidationError as exc:
            return Response({"file": exc.messages}, status=400)
        detention_request_evidence_add(user=request.user, request_id=row.pk, files=[verified])
        return self.answer(row)

    @extend_schema(request=None, responses=s.DetentionRequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept the application (officer of its office)."""
        return self.act(detention_request_accept)

    @extend_schema(request=s.RequestReasonSerializer, responses=s.DetentionRequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """Refuse the application, with the reason the holder is told (officer of its office)."""
        return self.act(detention_request_refuse, body=s.RequestReasonSerializer)

    @extend_schema(request=s.RequestReasonSerializer, responses=s.DetentionRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the application (holder side); goods already detained on it are released."""
        return self.act(detention_request_withdraw, actor="user", body=s.RequestReasonSerializer)

    @extend_schema(request=None, responses=s.DetentionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="bond-received")
    def bond_received(self, request, pk=None):
        """Record that the holder lodged the bond of an accepted application (officer of its office)."""
        return self.act(detention_request_bond_receive)

    @extend_schema(request=s.MatchSerializer, responses=s.DetentionRequestSerializer)
    @action(detail=True, methods=["post"])
    def match(self, request, pk=None):
        """Detain the goods of an accepted, bonded application: in an open case of the office (``case``), or
        in a case filed now for the shipment found (``channel``, ``direction``, ``waybill_number``)."""
        row = self.get_object()
        body = s.MatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        case_id = data.pop("case")
        detention_request_match(
            officer=request.user, request_id=row.pk, case_id=case_id, shipment=None if case_id else data
        )
        return self.answer(row)


class TipFilter(PortalFilterSet):
    class Meta:
        model = Tip
        fields = ["status"]


class TipViewSet(
    ObjectActionMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Tips about suspected shipments or traders: no legal effect, no bond. The holder side sends them and sees
    what became of them; officers of the office mark each used (naming the case filed) or not used."""

    serializer_class = s.TipSerializer
    filterset_class = TipFilter
    object_argument = "tip_id"

    def get_queryset(self):
        order = ("status", "expected_arrival", "pk") if is_officer(self.request.user) else ("-submitted_at", "-pk")
        return tips_visible_to(self.request.user).select_related("holder", "office").order_by(*order)

    @extend_schema(request=s.TipCreateSerializer, responses={201: s.TipSerializer})
    def create(self, request, *args, **kwargs):
        """Send a tip to an office (holder side; an agent without a recordal names the ``holder``)."""
        body = s.TipCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.update(office_id=data.pop("office"), recordal_id=data.pop("recordal"), holder_id=data.pop("holder"))
        tip = tip_send(user=request.user, data=TipInput(**data))
        return self.answer(tip, 201)

    @extend_schema(request=s.MarkUsedSerializer, responses=s.TipSerializer)
    @action(detail=True, methods=["post"], url_path="mark-used")
    def mark_used(self, request, pk=None):
        """Mark the tip used, naming the case of the office it led to (officer of its office)."""
        tip = self.get_object()
        body = s.MarkUsedSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        tip_mark_used(officer=request.user, tip_id=tip.pk, case_id=data["case"], note=data["note"])
        return self.answer(tip)

    @extend_schema(request=s.MarkNotUsedSerializer, responses=s.TipSerializer)
    @action(detail=True, methods=["post"], url_path="mark-not-used")
    def mark_not_used(self, request, pk=None):
        """Mark the tip not used, with a note the holder sees (officer of its office)."""
        return self.act(tip_mark_not_used, body=s.MarkNotUsedSerializer)
