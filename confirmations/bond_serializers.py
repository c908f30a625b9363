"""API shapes of bonds: holders' general bonds and the detention applications a case bond secures."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from confirmations.models import DetentionApplication, GeneralBond
from confirmations.services.filing import MAX_ID


class GeneralBondSerializer(serializers.ModelSerializer):
    holder = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = GeneralBond
        fields = [
            "id",
            "holder",
            "bank",
            "reference",
            "amount_cny",
            "year",
            "covers_from",
            "valid_until",
            "status",
            "submitted_at",
            "confirmed_at",
        ]
        read_only_fields = ["id", "holder", "covers_from", "valid_until", "status", "submitted_at", "confirmed_at"]


class GeneralBondCreateSerializer(GeneralBondSerializer):
    """Registering a general bond: an agent names the holder it registers for."""

    holder = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        write_only=True,
        help_text=_("The rights holder; an agent must name it, a holder's staff register for their own."),
    )

    class Meta(GeneralBondSerializer.Meta):
        read_only_fields = [f for f in GeneralBondSerializer.Meta.read_only_fields if f != "holder"]


class BondInstructionsSerializer(serializers.Serializer):
    payee = serializers.CharField()
    bank = serializers.CharField()
    account = serializers.CharField()
    payment_reference = serializers.CharField()
    guarantees = serializers.CharField()
    originals_address = serializers.CharField()


class ApplicationSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    holder = serializers.IntegerField(source="holder_id", read_only=True)
    holder_name = serializers.CharField(source="holder.name", read_only=True)
    items = serializers.SerializerMethodField()
    bond_due_date = serializers.SerializerMethodField(help_text=_("The bond's last day (24:00 Asia/Shanghai)."))
    instructions = serializers.SerializerMethodField(
        help_text=_("How to lodge the bond with the case's office; null when the office has stated none.")
    )

    class Meta:
        model = DetentionApplication
        fields = [
            "id",
            "reference",
            "case",
            "holder",
            "holder_name",
            "items",
            "value_cny",
            "bond_kind",
            "bond_amount_cny",
            "general_bond",
            "bond_due",
            "bond_due_date",
            "bond_received_at",
            "status",
            "created_at",
            "closed_at",
            "close_reason",
            "instructions",
        ]
        read_only_fields = fields

    def get_items(self, application) -> list[int]:
        return sorted(item.pk for item in application.items.all())

    @extend_schema_field(serializers.DateField())
    def get_bond_due_date(self, application):
        return application.bond_due_date().isoformat()

    @extend_schema_field(BondInstructionsSerializer(allow_null=True))
    def get_instructions(self, application):
        instructions = application.instructions()
        return None if instructions is None else instructions.lodging(application.reference)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
