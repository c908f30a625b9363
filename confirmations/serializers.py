"""API shapes: serializers validate the form of the input; services decide."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from confirmations import stats
from confirmations.models import (
    Case,
    CaseEvent,
    Channel,
    CourtNotice,
    DetentionApplication,
    Direction,
    Disposal,
    GeneralBond,
    Item,
    ItemPhoto,
)
from confirmations.services.filing import MAX_ID, MAX_ITEMS, MAX_QUANTITY, MAX_VALUE
from portal import paths as portal_paths
from portal.api import BlankAsNullChoiceField, LegalDayField
from portal.notices.models import WebhookEndpoint
from portal.paths import RowPaths
from portal.representation import PlannedRepresentation
from portal.uploads import verify_image, verify_pdf
from portal.validators import validate_hs_code


def absolute_url(context: dict, path: str) -> str:
    """Return the path as an absolute URL of the request being answered (the path alone without one)."""
    return portal_paths.absolute_url(context.get("request"), path)


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


class PhotoSerializer(PlannedRepresentation, RowPaths, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    display_url = serializers.SerializerMethodField()

    class Meta:
        model = ItemPhoto
        fields = [
            "id",
            "url",
            "display_url",
            "thumbnail_url",
            "sha256",
            "width",
            "height",
            "content_type",
            "original_name",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, photo):
        return self.row_url("confirmations:photo", photo.pk)

    @extend_schema_field(serializers.URLField(help_text="At most 1600 px a side; the original is `url`."))
    def get_display_url(self, photo):
        return self.row_url("confirmations:photo-display", photo.pk)

    @extend_schema_field(serializers.URLField())
    def get_thumbnail_url(self, photo):
        return self.row_url("confirmations:photo-thumb", photo.pk)


class ShipmentSerializer(PlannedRepresentation, serializers.ModelSerializer):
    """The shipment facts every party of the case may see."""

    office = serializers.CharField(source="office.name")

    class Meta:
        model = Case
        fields = ["id", "office", *(f for f in Case.SHIPMENT_FIELDS if f != "notes"), "status", "created_at"]
        read_only_fields = fields


class CourtNoticeSerializer(PlannedRepresentation, serializers.ModelSerializer):
    date = serializers.DateField(source="issued_on")

    class Meta:
        model = CourtNotice
        fields = ["court", "reference", "date", "original_name", "sha256", "recorded_at"]
        read_only_fields = fields


class DisposalSerializer(PlannedRepresentation, serializers.ModelSerializer):
    date = serializers.DateField(source="disposed_on")

    class Meta:
        model = Disposal
        fields = ["method", "date", "note", "recorded_at"]
        read_only_fields = fields


INVESTIGATION_DUE_DATE = _(
    "The investigation's last day (``investigation_due`` is 00:00 of the next day); null until detained."
)
RELEASE_DUE_DATE = _("The last day before goods detained without a court's notice are released; null until detained.")


class ItemSerializer(PlannedRepresentation, RowPaths, serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    application = serializers.IntegerField(
        source="application_id", read_only=True, allow_null=True, help_text=_("The detention application, or null.")
    )
    investigation_due_date = LegalDayField(source="investigation_due", help_text=INVESTIGATION_DUE_DATE)
    release_due_date = LegalDayField(source="release_due", help_text=RELEASE_DUE_DATE)
    court_notice = serializers.SerializerMethodField()
    disposal = serializers.SerializerMethodField()
    shipment = ShipmentSerializer(source="case", read_only=True)
    recordal = serializers.SerializerMethodField()
    holder = serializers.CharField(source="holder.name", read_only=True)
    deadline_date = LegalDayField(source="deadline")
    decided_by = serializers.SerializerMethodField()
    decision = BlankAsNullChoiceField(choices=Item.Decision.choices, help_text=_("null until decided."))
    bond_kind = BlankAsNullChoiceField(
        choices=Item.Bond.choices, help_text=_("null unless a detention was applied for.")
    )
    photos = PhotoSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    notice_url = serializers.SerializerMethodField(
        help_text=_("The printable detention or release notice (HTML); null until the officer detains or releases.")
    )

    class Meta:
        model = Item
        fields = [
            "id",
            "case",
            "shipment",
            "recordal",
            "holder",
            "description",
            "hs_code",
            "quantity",
            "value",
            "currency",
            "exchange_rate",
            "value_cny",
            "flagged_infringer",
            "flag_reason",
            "status",
            "notified_at",
            "deadline",
            "deadline_date",
            "decision",
            "decided_by",
            "decided_at",
            "comment",
            "bond_kind",
            "bond_amount_cny",
            "general_bond",
            "case_bond_received_at",
            "officer_action_at",
            "investigation_due",
            "investigation_at",
            "investigation_note",
            "counter_guarantee_cny",
            "application",
            "investigation_due_date",
            "release_due",
            "release_due_date",
            "release_reason",
            "court_notice",
            "disposal",
            "photos",
            "url",
            "notice_url",
        ]
        read_only_fields = fields

    def part(self, serializer_class):
        """Return the one serializer of a part (court notice, disposal) that serves every row of this one."""
        parts = self.__dict__.setdefault("_parts", {})
        if serializer_class not in parts:
            parts[serializer_class] = serializer_class()
        return parts[serializer_class]

    def get_recordal(self, item) -> dict:
        r = item.recordal
        return {"id": r.pk, "number": r.number, "title": r.title, "right_type": r.right_type}

    @extend_schema_field(CourtNoticeSerializer(allow_null=True))
    def get_court_notice(self, item):
        notice = getattr(item, "court_notice", None)
        return self.part(CourtNoticeSerializer).to_representation(notice) if notice is not None else None

    @extend_schema_field(DisposalSerializer(allow_null=True))
    def get_disposal(self, item):
        disposal = getattr(item, "disposal", None)
        return self.part(DisposalSerializer).to_representation(disposal) if disposal is not None else None

    def get_decided_by(self, item) -> str:
        user = item.decided_by
        return (user.get_full_name() or user.username) if user else ""

    def get_url(self, item) -> str:
        return self.row_path("confirmations:item-detail", item.pk)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_notice_url(self, item):
        if item.notice_kind() is None:
            return None
        return self.row_url("confirmations:item-notice", item.pk)


class CaseItemSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        fields = [f for f in ItemSerializer.Meta.fields if f != "shipment"]
        read_only_fields = fields


class CaseSerializer(ShipmentSerializer):
    items = CaseItemSerializer(many=True, read_only=True)
    filed_by = serializers.CharField(source="filed_by.username", read_only=True)
    export_url = serializers.SerializerMethodField(
        help_text=_("The case's evidence export (ZIP: record, event chain, photos and their SHA-256).")
    )

    class Meta(ShipmentSerializer.Meta):
        fields = [*ShipmentSerializer.Meta.fields, "notes", "filed_by", "committed_at", "items", "export_url"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_export_url(self, case):
        return absolute_url(self.context, reverse("confirmations:case-export", args=[case.pk]))


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


class WebhookSerializer(serializers.ModelSerializer):
    language = serializers.ChoiceField(
        choices=[],
        required=False,
        help_text=_("The language of the title and body sent (machine fields never change); default: the site's."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "language", "is_active", "created_at"]
        read_only_fields = ["id", "is_active", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES


class WebhookCreatedSerializer(WebhookSerializer):
    """The answer to registering a webhook: the only time its secret is shown."""

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


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


class DisposalInputSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=Disposal.Method.choices)
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class CourtNoticeInputSerializer(serializers.Serializer):
    court = serializers.CharField(max_length=300)
    reference = serializers.CharField(max_length=100)
    date = serializers.DateField()
    document = serializers.FileField(help_text=_("The notice as a PDF (no scripts, actions or embedded files)."))

    def validate_document(self, value):
        return verify_pdf(value)


class CaseEventSerializer(serializers.ModelSerializer):
    """One link of the case's evidence chain."""

    item = serializers.IntegerField(source="item_id", read_only=True, allow_null=True)
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True, default=None)
    label = serializers.CharField(source="action_label", read_only=True)
    data = serializers.JSONField(source="sealed_data", read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["seq", "item", "action", "label", "from_status", "to_status", "actor", "data", "created_at", "hash"]
        read_only_fields = fields


class StatsQuerySerializer(serializers.Serializer):
    """The period of the statistics (Asia/Shanghai days, default: the last 365) and the length of the top lists."""

    first = serializers.DateField(
        source="first", required=False, help_text="`from`: first day (default: 364 days before the last)."
    )
    last = serializers.DateField(source="last", required=False, help_text="`to`: last day (default: today).")
    top = serializers.IntegerField(required=False, min_value=1, max_value=stats.TOP_MAX, default=stats.TOP)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"], fields["to"] = fields.pop("first"), fields.pop("last")
        return fields

    def validate(self, attrs):
        last = attrs.pop("last", None) or stats.Period.ending_today().last
        first = attrs.pop("first", None) or last - timedelta(days=stats.DEFAULT_DAYS - 1)
        if first > last:
            raise serializers.ValidationError({"from": ["The first day comes after the last."]})
        if stats.period_too_long(first, last):
            raise serializers.ValidationError({"from": ["A period is at most three years."]})
        return {**attrs, "period": stats.Period(first, last)}
