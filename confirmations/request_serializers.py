"""API shapes of detention requests and tips: serializers validate the form of the input; services decide."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from rest_framework import serializers

from confirmations.models import Channel, DetentionRequest, DetentionRequestEvent, DetentionRequestFile, Direction, Tip
from confirmations.serializers import absolute_url
from confirmations.services.filing import MAX_ID, MAX_QUANTITY, MAX_VALUE
from portal.api import LegalDayField

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)


class RequestCreateSerializer(serializers.Serializer):
    recordal = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    office = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    goods = serializers.CharField(max_length=500)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_VALUE)
    currency = serializers.CharField(max_length=3, default="CNY")
    consignor = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    consignee = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    waybill_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    container_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    declaration_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    expected_port = serializers.CharField(max_length=200)
    expected_from = serializers.DateField()
    expected_until = serializers.DateField()
    evidence_summary = serializers.CharField(max_length=10000)

    def validate(self, attrs):
        for name in ("expected_from", "expected_until"):
            if not FIRST_DAY <= attrs[name] <= LAST_DAY:
                raise serializers.ValidationError({name: ["Give a date between 2000 and 2999."]})
        return attrs


class RequestReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class MatchSerializer(serializers.Serializer):
    """Name an open case of the office (``case``), or describe the shipment found to file one."""

    case = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    waybill_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A PDF document or a JPEG/PNG image.")


class RequestFileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = DetentionRequestFile
        fields = ["id", "kind", "name", "sha256", "url"]
        read_only_fields = fields

    def get_url(self, row) -> str:
        return absolute_url(self.context, reverse("confirmations:request-file", args=[row.pk]))


class RequestEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True, default=None)
    label = serializers.CharField(source="action_label", read_only=True)

    class Meta:
        model = DetentionRequestEvent
        fields = ["action", "label", "from_status", "to_status", "actor", "reason", "data", "created_at"]
        read_only_fields = fields


class DetentionRequestSerializer(serializers.ModelSerializer):
    """An application for detention; ``*_date`` fields are the last day of a deadline (24:00, Asia/Shanghai)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    holder_name = serializers.CharField(source="holder.name", read_only=True)
    office_name = serializers.CharField(source="office.name", read_only=True)
    recordal_number = serializers.CharField(source="recordal.number", read_only=True)
    bond_lodged = serializers.BooleanField(read_only=True)
    awaiting = serializers.CharField(read_only=True)
    review_due_date = LegalDayField(source="review_due")
    court_notice_due_date = LegalDayField(source="court_notice_due")
    expires_at_date = LegalDayField(source="expires_at")
    bond_to_return = serializers.BooleanField(read_only=True)
    case = serializers.IntegerField(source="item.case_id", read_only=True, allow_null=True, default=None)
    files = RequestFileSerializer(many=True, read_only=True)
    events = RequestEventSerializer(many=True, read_only=True)

    class Meta:
        model = DetentionRequest
        fields = [
            "id", "reference", "status", "status_label", "holder", "holder_name", "recordal", "recordal_number",
            "office", "office_name", "goods", "quantity", "consignor", "consignee", "waybill_number",
            "container_number", "declaration_number", "expected_port", "expected_from", "expected_until",
            "evidence_summary", "value", "currency", "exchange_rate", "value_cny", "bond_amount_cny", "bond_lodged",
            "bond_received_at", "submitted_at", "review_due", "review_due_date", "decided_at", "refusal_reason",
            "awaiting", "case", "item", "detained_at", "court_notice_due", "court_notice_due_date", "closed_at",
            "close_reason", "expires_at", "expires_at_date", "bond_to_return", "files", "events",
        ]  # fmt: skip
        read_only_fields = fields


class TipCreateSerializer(serializers.Serializer):
    office = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    recordal = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None)
    holder = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None,
        help_text="For an agent without a recordal: the holder it sends the tip for.",
    )  # fmt: skip
    subject = serializers.CharField(max_length=500)
    identifiers = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    expected_arrival = serializers.DateField(required=False, allow_null=True, default=None)
    details = serializers.CharField(max_length=10000)

    def validate_expected_arrival(self, value):
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise serializers.ValidationError("Give a date between 2000 and 2999.")
        return value


class MarkUsedSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class MarkNotUsedSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class TipSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    holder_name = serializers.CharField(source="holder.name", read_only=True)
    office_name = serializers.CharField(source="office.name", read_only=True)

    class Meta:
        model = Tip
        fields = [
            "id", "status", "status_label", "holder", "holder_name", "recordal", "office", "office_name", "subject",
            "identifiers", "expected_arrival", "details", "case", "outcome_note", "handled_at", "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields
