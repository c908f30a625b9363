"""The API's input for filing a case: the shipment and its suspect items."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from confirmations.models import Channel, Direction
from confirmations.services.filing import MAX_ID, MAX_ITEMS, MAX_QUANTITY, MAX_VALUE
from portal.validators import validate_hs_code


class ItemInputSerializer(serializers.Serializer):
    recordal = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    description = serializers.CharField(max_length=500)
    hs_code = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Optional: the goods' HS code, 4 to 10 digits, e.g. 4202.21 or 910211."),
    )
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_VALUE)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")

    def validate_hs_code(self, value):
        value = value.strip()
        if value:
            try:
                validate_hs_code(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return value


class CaseCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    waybill_number = serializers.CharField(max_length=100)
    consignor = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    consignor_country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    consignee = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    consignee_country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    consignor_identifier = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    consignee_identifier = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    declared_goods = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    quantity = serializers.IntegerField(
        min_value=0, max_value=MAX_QUANTITY, required=False, allow_null=True, default=None
    )
    declared_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    currency = serializers.CharField(max_length=3, default="CNY")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    items = ItemInputSerializer(many=True, allow_empty=False, max_length=MAX_ITEMS)
