"""The API's input for the actions on an item: the holder's decision and the officers' steps after it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from confirmations.models import Disposal, Item
from confirmations.services.filing import MAX_ID
from portal.uploads import verify_image, verify_pdf


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[Item.Decision.INFRINGING, Item.Decision.NOT_INFRINGING])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    bond = serializers.ChoiceField(choices=Item.Bond.choices, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs["decision"] == Item.Decision.INFRINGING and not attrs.get("bond"):
            raise serializers.ValidationError({"bond": _("Choose the bond for the detention: “general” or “case”.")})
        return attrs


class BulkDecisionSerializer(DecisionSerializer):
    items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False, max_length=500
    )


class ReleaseSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class InvestigationSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=[Item.Status.CONFIRMED, Item.Status.NOT_CONFIRMED])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class CounterGuaranteeSerializer(serializers.Serializer):
    amount_cny = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)


class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField()

    def validate_image(self, value):
        return verify_image(value)


class DisposalInputSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=Disposal.Method.choices)
    date = serializers.DateField(source="disposed_on")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class CourtNoticeInputSerializer(serializers.Serializer):
    court = serializers.CharField(max_length=300)
    reference = serializers.CharField(max_length=100)
    date = serializers.DateField(source="issued_on")
    document = serializers.FileField(help_text=_("The notice as a PDF (no scripts, actions or embedded files)."))

    def validate_document(self, value):
        return verify_pdf(value)
