"""The recordals API: filing, review, renewal, modifications, uploads, search and the public lookup.

Foreign objects answer 404 (querysets are scoped by ``recordals.access``); a forbidden action on
a visible recordal answers 403; a move its state does not allow answers 400 with ``{"detail": ...}``.
"""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal.access import is_officer
from portal.api import PortalFilterSet, query_flag
from portal.api_actions import ObjectActionMixin
from portal.parsers import PARSERS
from portal.throttling import PublicLookupThrottle
from recordals import access, selectors, services
from recordals.models import Recordal
from recordals.search import search_recordals, with_hs_code, with_nice_class
from recordals.serializers import (
    DocumentSerializer,
    DocumentUploadSerializer,
    ImageSerializer,
    ImageUploadSerializer,
    ModificationRequestSerializer,
    ModificationSerializer,
    OptionalReasonSerializer,
    PublicRecordalSerializer,
    QueueEntrySerializer,
    ReasonSerializer,
    RecordalDetailSerializer,
    RecordalSerializer,
)
from recordals.validators import NICE_FIRST, NICE_LAST


class RecordalFilter(PortalFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Recordal.Status.choices)
    right_type = django_filters.MultipleChoiceFilter(choices=Recordal._meta.get_field("right_type").choices)
    holder = django_filters.NumberFilter(field_name="holder_id", min_value=1, max_value=2**63 - 1)
    number = django_filters.CharFilter(field_name="number", lookup_expr="iexact")
    registration_number = django_filters.CharFilter(field_name="registration_number", lookup_expr="iexact")
    nice_class = django_filters.NumberFilter(
        method="filter_nice_class", label=_("Nice class"), min_value=NICE_FIRST, max_value=NICE_LAST, decimal_places=0
    )
    hs_code = django_filters.CharFilter(method="filter_hs_code", label=_("HS code (prefix)"))
    valid_until_before = django_filters.DateFilter(field_name="valid_until", lookup_expr="lte")
    valid_until_after = django_filters.DateFilter(field_name="valid_until", lookup_expr="gte")

    class Meta:
        model = Recordal
        fields = ["status", "right_type", "holder", "number", "registration_number"]

    def filter_nice_class(self, queryset, name, value):
        return with_nice_class(queryset, int(value))

    def filter_hs_code(self, queryset, name, value):
        return with_hs_code(queryset, value)


LIST_PARAMETERS = [
    OpenApiParameter(
        "search", OpenApiTypes.STR, description="Fuzzy mark text, or an exact recordal/registration number; ranked."
    ),
    OpenApiParameter(
        "include_inactive",
        OpenApiTypes.BOOL,
        description="Officers see only recordals in force unless this is true; others see every visible one.",
    ),
]


@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMETERS, summary="List recordals visible to the caller"),
    create=extend_schema(summary="Create a draft recordal"),
    retrieve=extend_schema(summary="Read a recordal with its timeline"),
    partial_update=extend_schema(summary="Correct a draft or rejected filing"),
    update=extend_schema(summary="Correct a draft or rejected filing"),
)
class RecordalViewSet(
    ObjectActionMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Recordals of the caller's scope: holders their own, agents the delegated, officers the approved."""

    filterset_class = RecordalFilter
    parser_classes = PARSERS
    object_argument = "recordal"
    object_by_id = False

    def get_queryset(self):
        recordals = access.recordals_visible_to(self.request.user).select_related("holder")
        if self.action == "list":
            include_inactive = query_flag(self.request, "include_inactive")
            recordals = search_recordals(
                base=recordals,
                query=self.request.query_params.get("search", ""),
                include_inactive=include_inactive or not is_officer(self.request.user),
            )
        return recordals.prefetch_related("goods", "parties", "images", "documents")

    def get_serializer_class(self):
        return RecordalDetailSerializer if self.action != "list" else RecordalSerializer

    def answer(self, recordal, code: int = status.HTTP_200_OK):
        """Answer with the recordal in detail, its timeline and modifications included."""
        recordal = self.get_queryset().prefetch_related("events__actor", "modifications").get(pk=recordal.pk)
        return Response(RecordalDetailSerializer(recordal, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer(serializer.save(), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self.answer(serializer.save())

    @extend_schema(request=None, responses=RecordalDetailSerializer, summary="Submit a draft or corrected filing")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.act(services.recordal_submit, actor="actor")

    @extend_schema(
        request=None,
        responses=RecordalDetailSerializer,
        summary="Approve a submitted filing or a requested renewal (administrators)",
        description=(
            "On a submitted recordal: issues its number (T/C/P + year + 6 digits) and sets validity to ten years "
            "from today, capped at the right's end. On a recordal whose renewal was requested: extends valid_until "
            "by ten years from its current end (capped), counts the renewal, and returns it to approved."
        ),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.act(services.recordal_approve, actor="actor")

    @extend_schema(
        request=ReasonSerializer,
        responses=RecordalDetailSerializer,
        summary="Reject a submitted filing or refuse a requested renewal (administrators; reason required)",
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.act(services.recordal_reject, actor="actor", body=ReasonSerializer)

    @extend_schema(
        request=None,
        responses=RecordalDetailSerializer,
        summary="Request renewal (holder side; within the six months before valid_until)",
    )
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        return self.act(services.recordal_renew, actor="actor")

    @extend_schema(
        request=OptionalReasonSerializer, responses=RecordalDetailSerializer, summary="Cancel a recordal in force"
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self.act(services.recordal_cancel, actor="actor", body=OptionalReasonSerializer)

    @extend_schema(
        request=ModificationRequestSerializer,
        responses={201: ModificationSerializer},
        summary="Request a modification of a recordal in force (holder side)",
    )
    @action(detail=True, methods=["post"])
    def modify(self, request, pk=None):
        recordal = self.get_object()
        data = ModificationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        modification = services.modification_request(actor=request.user, recordal=recordal, **data.validated_data)
        return Response(ModificationSerializer(modification).data, status=status.HTTP_201_CREATED)

    def _modification(self, recordal, mid):
        return get_object_or_404(access.modifications_visible_to(self.request.user), recordal=recordal, pk=mid)

    @extend_schema(request=None, responses=RecordalDetailSerializer, summary="Approve a modification (administrators)")
    @action(detail=True, methods=["post"], url_path=r"modifications/(?P<mid>\d+)/approve")
    def modification_approve(self, request, pk=None, mid=None):
        recordal = self.get_object()
        services.modification_approve(actor=request.user, modification=self._modification(recordal, mid))
        return self.answer(recordal)

    @extend_schema(request=ReasonSerializer, responses=RecordalDetailSerializer, summary="Reject a modification")
    @action(detail=True, methods=["post"], url_path=r"modifications/(?P<mid>\d+)/reject")
    def modification_reject(self, request, pk=None, mid=None):
        recordal = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.modification_reject(
            actor=request.user,
            modification=self._modification(recordal, mid),
            reason=data.validated_data["reason"],
        )
        return self.answer(recordal)

    @extend_schema(
        request={"multipart/form-data": ImageUploadSerializer},
        responses={201: ImageSerializer},
        summary="Attach an image (draft or rejected filing; decoded and stripped of metadata)",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def images(self, request, pk=None):
        recordal = self.get_object()
        data = ImageUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        [image] = services.recordal_images_add(
            actor=request.user, recordal=recordal, images=[(values["image"], values["kind"], values["caption"])]
        )
        return Response(ImageSerializer(image, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=None, responses={204: None}, summary="Remove an image from a draft or rejected filing")
    @action(detail=True, methods=["delete"], url_path=r"images/(?P<image_id>\d+)")
    def image_remove(self, request, pk=None, image_id=None):
        recordal = self.get_object()
        image = get_object_or_404(recordal.images.all(), pk=image_id)
        services.recordal_image_remove(actor=request.user, image=image)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
        summary="Attach a PDF document (draft or rejected filing)",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        recordal = self.get_object()
        data = DocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        [document] = services.recordal_documents_add(
            actor=request.user,
            recordal=recordal,
            documents=[(data.validated_data["file"], data.validated_data["title"])],
        )
        return Response(DocumentSerializer(document, context=self.get_serializer_context()).data, status=201)

    @extend_schema(responses=QueueEntrySerializer(many=True), summary="Review queue, oldest first (administrators)")
    @action(detail=False, methods=["get"], url_path="review-queue", filterset_class=None, pagination_class=None)
    def review_queue(self, request):
        if not access.may_review(request.user):
            return Response({"detail": _("Only the customs IPR department reviews recordals.")}, status=403)
        recordals = selectors.review_queue_recordals().prefetch_related("goods", "parties", "images", "documents")
        entries = selectors.review_queue(recordals[:200])
        return Response(QueueEntrySerializer(entries, many=True, context=self.get_serializer_context()).data)


@extend_schema(
    parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Recordal number, or mark text (fuzzy).")],
    summary="Public lookup of recordals (no login; rate-limited)",
)
class PublicRecordalList(generics.ListAPIView):
    """Anyone may look up a recordal's public summary by its number or mark."""

    serializer_class = PublicRecordalSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicLookupThrottle]
    filter_backends = []

    def get_queryset(self):
        query = self.request.query_params.get("q", "").strip()[:100]
        if not query:
            return Recordal.objects.none()
        return search_recordals(
            base=Recordal.objects.filter(status__in=access.PUBLIC_STATUSES).select_related("holder"),
            query=query,
            include_inactive=True,
        )
