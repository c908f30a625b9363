"""The watchlist API (administrators only): watched traders, their history, and the proposals queue.

``/api/watchlist/`` lists (``q``: name, alias or registration number; ``active``: true/false), adds
(POST), shows, changes (PATCH, the whole record as on the page) and deactivates or reactivates watched
traders; ``/api/watchlist/{id}/events/`` is a trader's history. ``/api/watchlist-proposals/`` lists
the consignors and consignees proposed after a confirmed infringement, accepted or dismissed in one call.
Bodies are JSON.
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from confirmations import services
from confirmations.access import may_manage_watchlist
from confirmations.services.filing import MAX_ID
from confirmations.services.watchlist import MAX_ALIASES
from confirmations.watchlist import pending_proposals, watched_traders
from confirmations.watchlist_models import WatchedTrader, WatchedTraderEvent, WatchlistProposal
from portal.api import PortalFilterSet, StrictBooleanFilter
from portal.api_actions import ObjectActionMixin
from portal.pagination import CountlessPagination
from portal.parsers import DepthLimitedJSONParser


class Text(serializers.CharField):
    """A string, never a number or a boolean turned into one."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class KeepsWatchlist(BasePermission):
    message = "Only the customs IPR department keeps the watchlist."

    def has_permission(self, request, view):
        return may_manage_watchlist(request.user)


class WatchedTraderSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = WatchedTrader
        fields = [
            "id",
            "name",
            "name_key",
            "aliases",
            "country",
            "address",
            "identifier",
            "identifier_key",
            "source",
            "source_case",
            "judgment_reference",
            "reporting_holder",
            "notes",
            "is_active",
            "created_at",
        ]
        read_only_fields = fields

    def get_aliases(self, trader) -> list[str]:
        return [alias.name for alias in trader.aliases.all()]


class TraderWriteSerializer(serializers.Serializer):
    name = Text(max_length=300)
    aliases = serializers.ListField(child=Text(max_length=300), required=False, default=list, max_length=MAX_ALIASES)
    country = Text(max_length=2, required=False, allow_blank=True, default="")
    address = Text(max_length=2000, required=False, allow_blank=True, default="")
    identifier = Text(max_length=60, required=False, allow_blank=True, default="")
    source = serializers.ChoiceField(choices=WatchedTrader.Source.choices)
    source_case = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    judgment_reference = Text(max_length=200, required=False, allow_blank=True, default="")
    reporting_holder = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None
    )
    notes = Text(max_length=5000, required=False, allow_blank=True, default="")

    def trader_input(self) -> services.TraderInput:
        data = dict(self.validated_data)
        return services.TraderInput(
            source_case_id=data.pop("source_case"), reporting_holder_id=data.pop("reporting_holder"), **data
        )


class WatchlistReasonSerializer(serializers.Serializer):
    reason = Text(max_length=1000, required=False, allow_blank=True, default="")


class TraderEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = WatchedTraderEvent
        fields = ["id", "action", "from_status", "to_status", "reason", "data", "actor", "created_at"]


class ProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = WatchlistProposal
        fields = ["id", "case", "role", "name", "country", "identifier", "status", "trader", "created_at"]


class TraderFilter(PortalFilterSet):
    q = filters.CharFilter(method="search", max_length=300)
    active = StrictBooleanFilter(field_name="is_active")

    class Meta:
        model = WatchedTrader
        fields = ["q", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(pk__in=watched_traders(query=value, state="all").values("pk"))


class WatchlistViewSet(
    ObjectActionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Watched traders (administrators): every filed case's parties are matched against the active ones."""

    serializer_class = WatchedTraderSerializer
    permission_classes = [IsAuthenticated, KeepsWatchlist]
    parser_classes = [DepthLimitedJSONParser]
    filterset_class = TraderFilter
    pagination_class = CountlessPagination
    object_argument = "trader_id"

    def get_queryset(self):
        return watched_traders(state="all").prefetch_related("aliases")

    @extend_schema(request=TraderWriteSerializer, responses={201: WatchedTraderSerializer})
    def create(self, request, *args, **kwargs):
        """List a trader: name, aliases, identifier and the source (``case``, ``judgment`` or ``holder_report``)."""
        body = TraderWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.answer(services.watched_trader_add(actor=request.user, data=body.trader_input()), 201)

    @extend_schema(request=TraderWriteSerializer, responses=WatchedTraderSerializer)
    def partial_update(self, request, pk=None):
        """Change the trader's details (send the whole record; aliases replace the old ones)."""
        trader = self.get_object()
        body = TraderWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.watched_trader_update(actor=request.user, trader_id=trader.pk, data=body.trader_input())
        return self.answer(trader)

    @extend_schema(request=WatchlistReasonSerializer, responses=WatchedTraderSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """Stop matching the trader (``reason`` required); it is kept with its history."""
        return self.act(services.watched_trader_deactivate, actor="actor", body=WatchlistReasonSerializer)

    @extend_schema(request=WatchlistReasonSerializer, responses=WatchedTraderSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        """Match a deactivated trader again."""
        return self.act(services.watched_trader_reactivate, actor="actor", body=WatchlistReasonSerializer)

    @extend_schema(request=None, responses=TraderEventSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def events(self, request, pk=None):
        """The trader's history: listed, edited, deactivated, reactivated; who, when, why."""
        trader = self.get_object()
        return Response(TraderEventSerializer(trader.events.order_by("created_at", "pk"), many=True).data)


class ProposalViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Consignors and consignees proposed for the watchlist after a confirmed infringement, oldest first."""

    serializer_class = ProposalSerializer
    permission_classes = [IsAuthenticated, KeepsWatchlist]
    parser_classes = [DepthLimitedJSONParser]
    pagination_class = CountlessPagination

    def get_queryset(self):
        return pending_proposals()

    @extend_schema(request=None, responses=WatchedTraderSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """List the proposed trader with the case as its source."""
        proposal = self.get_object()
        trader = services.watchlist_proposal_accept(actor=request.user, proposal_id=proposal.pk)
        return Response(WatchedTraderSerializer(trader).data)

    @extend_schema(request=WatchlistReasonSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        """Dismiss the proposal."""
        proposal = self.get_object()
        body = WatchlistReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        dismissed = services.watchlist_proposal_dismiss(
            actor=request.user, proposal_id=proposal.pk, reason=body.validated_data["reason"]
        )
        return Response(ProposalSerializer(dismissed).data)
