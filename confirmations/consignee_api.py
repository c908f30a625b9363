"""The consignee's JSON view of its detained shipment, through its link (no account, no session)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from confirmations import services
from confirmations.bond_serializers import BondInstructionsSerializer
from confirmations.consignee_facts import consignee_facts
from confirmations.serializers import INVESTIGATION_DUE_DATE, RELEASE_DUE_DATE
from confirmations.views.consignee import REFUSALS, device_secret, private, remember_device
from portal.api import LegalDayField
from portal.throttling import ConsigneeLinkThrottle


class CounterGuaranteeFactsSerializer(serializers.Serializer):
    possible = serializers.BooleanField(help_text="Whether the party may request release against a counter-guarantee.")
    requested = serializers.BooleanField()
    amount_cny = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Equal to the goods' value.")
    reference = serializers.CharField(help_text="The reference to quote when lodging it.")
    lodging = BondInstructionsSerializer(allow_null=True, help_text="How to lodge it with the office (patent goods).")


class ConsigneeItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    value_cny = serializers.DecimalField(max_digits=16, decimal_places=2)
    status = serializers.CharField()
    status_label = serializers.CharField()
    recordal_number = serializers.CharField(help_text="The recordal of the right invoked.")
    right_type = serializers.CharField()
    holder_name = serializers.CharField(help_text="The holder of the right invoked (its name only).")
    detained_at = serializers.DateTimeField(allow_null=True)
    investigation_due_date = LegalDayField(source="investigation_due", help_text=INVESTIGATION_DUE_DATE)
    release_due_date = LegalDayField(source="release_due", help_text=RELEASE_DUE_DATE)
    is_patent = serializers.BooleanField()
    may_explain = serializers.BooleanField()
    counter_guarantee = CounterGuaranteeFactsSerializer()


class ConsigneeSubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    item_id = serializers.IntegerField()
    text = serializers.CharField()
    amount_cny = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    created_at = serializers.DateTimeField()
    documents = serializers.ListField(child=serializers.CharField())


class ConsigneeFactsSerializer(serializers.Serializer):
    """The detention facts of the party's own shipment: never the holder's contacts, bond or comments."""

    case_id = serializers.IntegerField()
    role = serializers.CharField()
    party_name = serializers.CharField()
    office_name = serializers.CharField()
    waybill_number = serializers.CharField()
    channel_label = serializers.CharField()
    direction_label = serializers.CharField()
    declared_goods = serializers.CharField()
    case_status = serializers.CharField()
    expires_at = serializers.DateTimeField()
    items = ConsigneeItemSerializer(many=True)
    submissions = ConsigneeSubmissionSerializer(many=True)


REFUSAL = inline_serializer(
    "ConsigneeLinkRefusal",
    {
        "detail": serializers.CharField(help_text="Why the link does not open, for the reader."),
        "reason": serializers.ChoiceField(
            choices=["unknown", "revoked", "expired", "other_device"], required=False, help_text="The refusal's kind."
        ),
    },
)


class ConsigneeFactsView(APIView):
    """The consignee's detention facts, through its link; the first device that opens the link is the only one."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ConsigneeLinkThrottle]

    @extend_schema(
        responses={
            200: ConsigneeFactsSerializer,
            403: OpenApiResponse(REFUSAL, description="The link was opened on another device first."),
            404: OpenApiResponse(REFUSAL, description="No such link, or a wrong token."),
            410: OpenApiResponse(REFUSAL, description="The link was revoked, or expired (case closed, or too old)."),
        },
        auth=[],
    )
    def get(self, request, public_id, token):
        """Read the detention facts of the party's own shipment (every reading is recorded on the case)."""
        try:
            opening = services.consignee_link_open(
                public_id=public_id, token=token, device_secret=device_secret(request, public_id), page="api"
            )
        except services.LinkRefused as refusal:
            status, title, _text = REFUSALS[refusal.reason]
            return private(Response({"detail": str(title), "reason": refusal.reason}, status=status))
        response = Response(ConsigneeFactsSerializer(consignee_facts(opening.link)).data)
        return private(remember_device(response, opening))
