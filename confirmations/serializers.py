"""API shapes of cases and their items as the API shows them, of the evidence chain and of the statistics' period.

The inputs live beside it: filing (``filing_serializers``), item actions (``action_serializers``), bonds and
detention applications (``bond_serializers``)."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from confirmations import stats
from confirmations.models import Case, CaseEvent, CourtNotice, Disposal, Item, ItemPhoto
from portal import paths as portal_paths
from portal.api import BlankAsNullChoiceField, LegalDayField
from portal.paths import RowPaths
from portal.representation import PlannedRepresentation


def absolute_url(context: dict, path: str) -> str:
    """Return the path as an absolute URL of the request being answered (the path alone without one)."""
    return portal_paths.absolute_url(context.get("request"), path)


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
