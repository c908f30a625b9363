"""The penalty decisions API: the public list (no login, read-only) and the administrators' drafting desk."""

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response

from confirmations.penalty_access import may_manage_penalties, published_penalties
from confirmations.penalty_models import PenaltyDecision
from confirmations.services import penalties as services
from confirmations.services.filing import MAX_ID
from portal.throttling import PublicLookupThrottle

PUBLIC_FIELDS = [
    "id",
    "number",
    "decided_on",
    "trader_en",
    "trader_zh",
    "goods_en",
    "goods_zh",
    "right_type",
    "recordal_number",
    "mark",
    "penalty_en",
    "penalty_zh",
    "published_at",
]


class ManagesPenalties(BasePermission):
    """Administrators only."""

    def has_permission(self, request, view):
        return may_manage_penalties(request.user)


class PublicPenaltySerializer(serializers.ModelSerializer):
    """What a penalty decision publishes, in both languages (an empty text: read the other language's)."""

    class Meta:
        model = PenaltyDecision
        fields = PUBLIC_FIELDS
        read_only_fields = PUBLIC_FIELDS


class PenaltyDecisionSerializer(serializers.ModelSerializer):
    """A penalty decision as administrators see it: the published fields, its case, state and people."""

    class Meta:
        model = PenaltyDecision
        fields = [
            *PUBLIC_FIELDS,
            "case",
            "recordal",
            "status",
            "drafted_by",
            "reviewed_by",
            "created_at",
            "withdrawn_at",
            "withdrawal_reason",
        ]
        read_only_fields = fields


class PenaltyDraftSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    recordal = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="A confirmed item's recordal.")
    number = serializers.CharField(max_length=60)
    decided_on = serializers.DateField()
    trader_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    trader_zh = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    goods_en = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    goods_zh = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    penalty_en = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    penalty_zh = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PenaltyWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the decision is withdrawn; kept in its history.")


@extend_schema(
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Words of the number, trader, goods, recordal or mark.")
    ]
)
class PublicPenaltyViewSet(viewsets.ReadOnlyModelViewSet):
    """Published penalty decisions, newest first (no login; rate-limited). Withdrawn ones are not listed."""

    serializer_class = PublicPenaltySerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicLookupThrottle]
    filter_backends = []

    def get_queryset(self):
        return published_penalties(self.request.query_params.get("q", "")[:100])


class PenaltyDecisionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Every penalty decision, for administrators: draft one, review another's draft, publish, withdraw."""

    serializer_class = PenaltyDecisionSerializer
    permission_classes = [ManagesPenalties]
    queryset = PenaltyDecision.objects.order_by("-created_at", "-pk")

    @extend_schema(request=PenaltyDraftSerializer, responses={201: PenaltyDecisionSerializer})
    def create(self, request, *args, **kwargs):
        """Draft a decision for a confirmed case."""
        body = PenaltyDraftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        case_id, recordal_id = data.pop("case"), data.pop("recordal")
        decision = services.penalty_draft(
            admin=request.user, case_id=case_id, recordal_id=recordal_id, text=services.PenaltyText(**data)
        )
        return Response(PenaltyDecisionSerializer(decision).data, status=201)

    @extend_schema(request=None, responses=PenaltyDecisionSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Mark another administrator's draft as reviewed."""
        decision = services.penalty_review(admin=request.user, decision_id=self.get_object().pk)
        return Response(PenaltyDecisionSerializer(decision).data)

    @extend_schema(request=None, responses=PenaltyDecisionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a reviewed decision to the public list."""
        decision = services.penalty_publish(admin=request.user, decision_id=self.get_object().pk)
        return Response(PenaltyDecisionSerializer(decision).data)

    @extend_schema(request=PenaltyWithdrawSerializer, responses=PenaltyDecisionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a published decision from the public list, saying why."""
        body = PenaltyWithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.penalty_withdraw(
            admin=request.user, decision_id=self.get_object().pk, reason=body.validated_data["reason"]
        )
        return Response(PenaltyDecisionSerializer(decision).data)
