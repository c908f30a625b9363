"""The API: cases (officers), items (holders' inbox and officers' actions), bonds, webhooks, statistics."""

from django.db import models
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from confirmations import serializers as s
from confirmations import services, stats
from confirmations.access import (
    applications_visible_to,
    bonds_visible_to,
    cases_visible_to,
    items_scope_key,
    items_visible_to,
    may_file_cases,
)
from confirmations.action_serializers import (
    BulkDecisionSerializer,
    CounterGuaranteeSerializer,
    CourtNoticeInputSerializer,
    DecisionSerializer,
    DisposalInputSerializer,
    InvestigationSerializer,
    PhotoUploadSerializer,
    ReleaseSerializer,
)
from confirmations.bond_serializers import (
    ApplicationSerializer,
    GeneralBondCreateSerializer,
    GeneralBondSerializer,
    WithdrawSerializer,
)
from confirmations.filing_serializers import CaseCreateSerializer
from confirmations.item_lists import (
    ITEM_LIST_KEYSET,
    ITEM_SHOWN_COLUMNS,
    item_row_queryset,
    items_represented,
    outcome_records_attach,
)
from confirmations.models import Case, Item, pending_rank
from confirmations.services.filing import MAX_ID
from portal.access import Need, holder_of, holders_acted_for, is_administrator, is_customs_staff
from portal.api import PortalFilterSet
from portal.api_actions import ObjectActionMixin
from portal.compiled_rows import kept_queryset, rows_compiled_once
from portal.filtering import NOT_FILTERS, ListFilterBackend
from portal.idempotency import HEADER as IDEMPOTENCY_HEADER
from portal.idempotency import idempotent
from portal.notices.serializers import WebhookCreatedSerializer, WebhookEventSerializer, WebhookSerializer
from portal.notices.webhooks import webhook_events_of, webhooks_of
from portal.pagination import CountlessPagination, KeysetPagination


def item_queryset(user):
    """Return the items the user may see with what the API shows of them (court notices and disposals are read
    apart, by ``outcome_records_attach``: two more joins would cost the database more to plan than to run)."""
    return (
        items_visible_to(user)
        .select_related("case", "case__office", "recordal", "holder", "decided_by")
        .prefetch_related("photos")
    )


class ItemFilter(PortalFilterSet):
    case = filters.NumberFilter(field_name="case_id", min_value=1, max_value=MAX_ID, decimal_places=0)
    recordal = filters.NumberFilter(field_name="recordal_id", min_value=1, max_value=MAX_ID, decimal_places=0)

    class Meta:
        model = Item
        fields = ["status", "decision", "case", "recordal", "flagged_infringer"]


class ItemViewSet(ObjectActionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Suspect items the caller may see: a holder or agent its own (pending first), an officer its office's.

    Pages follow ``next`` (a cursor: the rows after the last one shown, read from an index); ``?page=N`` still
    answers by page number."""

    serializer_class = s.ItemSerializer
    filter_backends = [ListFilterBackend]
    filterset_class = ItemFilter

    pagination_class = KeysetPagination
    keyset = ITEM_LIST_KEYSET
    object_argument = "item_id"

    def get_queryset(self):
        if self.action == "list":
            return kept_queryset(self.sql_key(), self._item_rows)
        items = item_queryset(self.request.user)
        if self.action == "retrieve":
            # One row by its key: no order to build (``get`` drops it).
            return items.only(*ITEM_SHOWN_COLUMNS)
        return items.order_by(pending_rank(), "deadline", "pk")

    def _item_rows(self):
        return item_row_queryset(items_visible_to(self.request.user).order_by(pending_rank(), "deadline", "pk"))

    def sql_key(self):
        """Return what the list's SQL depends on besides its page, when no filter is asked for (None: compile it)."""
        if not NOT_FILTERS.issuperset(self.request.query_params):
            return None
        scope = items_scope_key(self.request.user)
        return None if scope is None else ("items", scope)

    def list(self, request, *args, **kwargs):
        """The page's items read as rows of the columns shown: the same answer as ``ItemSerializer``'s."""
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(items_represented(rows, request))

    def retrieve(self, request, *args, **kwargs):
        """One item read as a row of the columns shown, as the list reads its page (its SQL compiled once per scope):
        the same answer as ``ItemSerializer``'s. A filter asked for is applied by the filter set."""
        if not NOT_FILTERS.issuperset(request.query_params):
            return super().retrieve(request, *args, **kwargs)
        text = str(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        pk = int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID else None
        rows = []
        if pk is not None:
            scope = items_scope_key(request.user)
            rows = rows_compiled_once(
                lambda: item_row_queryset(items_visible_to(request.user).filter(pk=pk)),
                None if scope is None else ("item", scope),
                tail=[pk],
                using=Item.objects.db,
            )
        if not rows:
            raise Http404(f"No {Item._meta.object_name} matches the given query.")
        return Response(items_represented(rows, request)[0])

    def get_serializer(self, *args, **kwargs):
        if args and isinstance(args[0], Item | list):
            outcome_records_attach(args[0] if isinstance(args[0], list) else [args[0]])
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=DecisionSerializer, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """Decide the item: ``infringing`` (with a ``bond``: ``general`` or ``case``) or ``not_infringing``."""
        return self.act(services.item_decide, actor="user", body=DecisionSerializer)

    @extend_schema(request=BulkDecisionSerializer, responses=s.ItemSerializer(many=True))
    @action(detail=False, methods=["post"])
    def decisions(self, request):
        """Decide several pending items with one answer: all of them or none."""
        body = BulkDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        visible = set(self.get_queryset().filter(pk__in=data["items"]).values_list("pk", flat=True))
        missing = sorted(set(data["items"]) - visible)
        if missing:
            raise ValidationError({"items": [f"No such item: {pk}" for pk in missing]})
        decided = services.items_decide_bulk(
            user=request.user,
            item_ids=data["items"],
            decision=data["decision"],
            comment=data["comment"],
            bond=data.get("bond", ""),
        )
        items = list(item_queryset(request.user).filter(pk__in=[i.pk for i in decided]))
        return Response(self.get_serializer(items, many=True).data)

    @extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses={201: s.PhotoSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk=None):
        """Add a photo (multipart field ``image``) to an item of the officer's office."""
        item = self.get_object()
        body = PhotoUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        stored = services.item_photos_add(officer=request.user, item=item, photos=[body.validated_data["image"]])
        return Response(s.PhotoSerializer(stored[0], context={"request": request}).data, status=201)

    @extend_schema(request=None, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"], url_path="bond-received")
    def bond_received(self, request, pk=None):
        """Record the case bond as received (officer)."""
        return self.act(services.item_case_bond_receive)

    @extend_schema(request=None, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"])
    def detain(self, request, pk=None):
        """Detain the goods (officer; the holder confirmed infringement and the bond is secured)."""
        return self.act(services.item_detain)

    @extend_schema(request=ReleaseSerializer, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """Release the goods (officer)."""
        return self.act(services.item_release, body=ReleaseSerializer)

    @extend_schema(request=InvestigationSerializer, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"])
    def investigation(self, request, pk=None):
        """Record the investigation result of detained goods (officer)."""
        return self.act(services.item_investigation_record, body=InvestigationSerializer)

    @extend_schema(request=CounterGuaranteeSerializer, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"], url_path="counter-guarantee")
    def counter_guarantee(self, request, pk=None):
        """Release detained patent goods against the consignee's counter-guarantee (officer)."""
        return self.act(services.item_counter_guarantee_release, body=CounterGuaranteeSerializer)

    @extend_schema(request=None, responses=s.CaseEventSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def events(self, request, pk=None):
        """The item's events in the case's evidence chain, oldest first."""
        item = self.get_object()
        events = item.events.select_related("actor").order_by("seq")
        return Response(s.CaseEventSerializer(events, many=True).data)

    @extend_schema(request=DisposalInputSerializer, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"])
    def disposal(self, request, pk=None):
        """Record how confiscated goods were disposed of (officer; infringement confirmed)."""
        return self.act(services.item_dispose, body=DisposalInputSerializer)

    @extend_schema(request={"multipart/form-data": CourtNoticeInputSerializer}, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"], url_path="court-notice", parser_classes=[MultiPartParser, FormParser])
    def court_notice(self, request, pk=None):
        """Record a court's assistance notice for detained goods (officer; multipart, ``document`` a PDF)."""
        return self.act(services.item_court_notice_record, body=CourtNoticeInputSerializer)


class ApplicationViewSet(ObjectActionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Detention applications: the holder's deciders see theirs, officers their office's."""

    serializer_class = ApplicationSerializer
    object_argument = "application_id"

    def get_queryset(self):
        return (
            applications_visible_to(self.request.user)
            .select_related("case__office__bond_instructions", "holder")
            .prefetch_related("items")
            .order_by("-pk")
        )

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="bond-received")
    def bond_received(self, request, pk=None):
        """Record the application's case bond as received (officer; refused after the bond's deadline)."""
        return self.act(services.application_bond_receive)

    @extend_schema(request=WithdrawSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the application before customs' determination (the holder); its goods are released."""
        return self.act(services.application_withdraw, actor="user", body=WithdrawSerializer)


class CaseFilter(PortalFilterSet):
    class Meta:
        model = Case
        fields = ["status", "channel", "direction"]


class CaseViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cases of the officer's office (administrators: all). Filing needs an officer."""

    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter
    pagination_class = CountlessPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not is_customs_staff(request.user):
            raise PermissionDenied("Cases are for customs staff; holders and agents use /api/items/.")

    def get_queryset(self):
        items = Item.objects.select_related(
            "recordal", "holder", "decided_by", "court_notice", "disposal"
        ).prefetch_related("photos")
        return (
            cases_visible_to(self.request.user)
            .select_related("office", "filed_by")
            .prefetch_related(models.Prefetch("items", queryset=items))
        )

    @extend_schema(
        request=CaseCreateSerializer,
        responses={201: s.CaseSerializer},
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                OpenApiParameter.HEADER,
                description="Any unique string (e.g. a UUID): a retry with the same key within 24 h gets the first "
                "answer and files nothing twice; the same key with a different body answers 422.",
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        """File a case: the shipment and its items (``items``: recordal, description, HS code, quantity, value)."""
        if not may_file_cases(request.user):
            raise PermissionDenied("Only officers of a customs office file cases.")
        return idempotent(request, lambda: self._file(request))

    def _file(self, request):
        body = CaseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        items = [
            services.ItemInput(
                recordal_id=i["recordal"],
                description=i["description"],
                hs_code=i.get("hs_code", ""),
                quantity=i["quantity"],
                value=i["value"],
                currency=i.get("currency", ""),
            )
            for i in data.pop("items")
        ]
        case = services.case_file(officer=request.user, shipment=data, items=items)
        case = self.get_queryset().get(pk=case.pk)
        return Response(s.CaseSerializer(case, context={"request": request}).data, status=201)


class GeneralBondViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """General bonds: holders register theirs; administrators confirm or reject."""

    serializer_class = GeneralBondSerializer

    def get_queryset(self):
        return bonds_visible_to(self.request.user)

    @extend_schema(request=GeneralBondCreateSerializer, responses={201: GeneralBondSerializer})
    def create(self, request, *args, **kwargs):
        body = GeneralBondCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        holder = holder_of(request.user)
        if holder is None and body.validated_data.get("holder") is not None:
            holder = holders_acted_for(request.user, Need.DECIDE).filter(pk=body.validated_data["holder"]).first()
        if holder is None:
            raise PermissionDenied("Only a holder (or its agent, naming the holder) registers general bonds.")
        data = body.validated_data
        bond = services.general_bond_register(
            user=request.user,
            holder=holder,
            bank=data["bank"],
            reference=data["reference"],
            amount_cny=data["amount_cny"],
            year=data["year"],
        )
        return Response(GeneralBondSerializer(bond).data, status=201)

    @extend_schema(request=None, responses=GeneralBondSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm the bond (administrators)."""
        return self._decide(request, confirm=True)

    @extend_schema(request=None, responses=GeneralBondSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject the bond (administrators)."""
        return self._decide(request, confirm=False)

    def _decide(self, request, *, confirm: bool):
        bond = self.get_object()
        if not is_administrator(request.user):
            raise PermissionDenied()
        decided = services.general_bond_decide(admin=request.user, bond_id=bond.pk, confirm=confirm)
        return Response(GeneralBondSerializer(decided).data)


class WebhookViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The holder's webhook endpoints; the signing secret is shown once, in the answer to creating one.

    Every POST carries ``X-Portal-Delivery`` (the delivery's id). A delivery whose answer was lost (a
    timeout, a worker restart) is sent again under the same id: receivers deduplicate on it.
    """

    serializer_class = WebhookSerializer

    def get_queryset(self):
        return webhooks_of(self.request.user)

    @extend_schema(request=None, responses=WebhookEventSerializer(many=True), filters=False)
    @action(detail=False, methods=["get"], pagination_class=None)
    def events(self, request):
        """The history of the holder's webhooks, removed ones included: who registered, switched or removed
        which URL, and when (newest first, at most 200)."""
        return Response(WebhookEventSerializer(webhook_events_of(request.user)[:200], many=True).data)

    @extend_schema(request=WebhookSerializer, responses={201: WebhookCreatedSerializer})
    def create(self, request, *args, **kwargs):
        body = WebhookSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        endpoint = services.webhook_add(
            user=request.user, url=body.validated_data["url"], language=body.validated_data.get("language", "")
        )
        return Response(WebhookCreatedSerializer(endpoint).data, status=201)

    def perform_destroy(self, instance):
        services.webhook_remove(user=self.request.user, endpoint_id=instance.pk)


class StatsView(APIView):
    """Counts by channel, office, brand and month; time from notice to decision; values detained and released."""

    @extend_schema(parameters=[s.StatsQuerySerializer], responses={200: dict})
    def get(self, request):
        query = s.StatsQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        return Response(stats.stats_for(request.user, **query.validated_data))
