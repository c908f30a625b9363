"""API shapes of recordals: serializers validate the shape, services decide."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.access import is_officer, organization_of
from portal.accounts.models import Organization
from portal.uploads import verify_image, verify_pdf
from portal.validators import validate_hs_code
from recordals.models import (
    Goods,
    Modification,
    Party,
    Recordal,
    RecordalDocument,
    RecordalEvent,
    RecordalImage,
)
from recordals.services import recordal_create, recordal_update
from recordals.services.filing import EDITABLE_FIELDS


class GoodsSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goods
        fields = ["name", "hs_code", "features", "usual_ports", "price_min", "price_max", "price_currency"]

    def validate_hs_code(self, value):
        value = value.strip()
        if value:
            try:
                validate_hs_code(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return value

    def validate(self, attrs):
        low, high = attrs.get("price_min"), attrs.get("price_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"price_max": _("The price range ends below its start.")})
        return attrs


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["role", "name", "country", "address", "notes"]


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = RecordalImage
        fields = ["id", "kind", "caption", "width", "height", "original_name", "url", "thumbnail_url"]

    def _absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.URLField())
    def get_url(self, image):
        return self._absolute(image.get_absolute_url())

    @extend_schema_field(serializers.URLField())
    def get_thumbnail_url(self, image):
        return self._absolute(image.get_thumbnail_url())


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = RecordalDocument
        fields = ["id", "title", "original_name", "uploaded_at", "url"]

    @extend_schema_field(serializers.URLField())
    def get_url(self, document):
        request = self.context.get("request")
        path = document.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text=_("null for the system's own moves.")
    )

    class Meta:
        model = RecordalEvent
        fields = ["action", "from_status", "to_status", "reason", "data", "actor", "created_at"]


class ModificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Modification
        fields = ["id", "changes", "explanation", "status", "requested_at", "reviewed_at", "reason"]
        read_only_fields = ["status", "requested_at", "reviewed_at", "reason"]


class RecordalSerializer(serializers.ModelSerializer):
    """A recordal as its holder files it and as officers and administrators read it."""

    holder = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.HOLDER),
        required=False,
        help_text=_("The rights holder; an agent must name it, a holder's staff file for their own."),
    )
    holder_name = serializers.CharField(source="holder.name", read_only=True)
    nice_classes = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=45), required=False, allow_empty=True
    )
    goods = GoodsSerializer(many=True, required=False)
    parties = PartySerializer(many=True, required=False)
    images = ImageSerializer(many=True, read_only=True)
    documents = serializers.SerializerMethodField()
    renewal_opens_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Recordal
        fields = [
            "id",
            "number",
            "status",
            "right_type",
            "title",
            "registration_number",
            "right_valid_from",
            "right_valid_until",
            "nice_classes",
            "right_details",
            "identification_guide",
            "holder",
            "holder_name",
            "submitted_at",
            "decided_at",
            "valid_from",
            "valid_until",
            "renewal_opens_on",
            "rejection_reason",
            "renewal_count",
            "goods",
            "parties",
            "images",
            "documents",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "number",
            "status",
            "submitted_at",
            "decided_at",
            "valid_from",
            "valid_until",
            "rejection_reason",
            "renewal_count",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, recordal):
        request = self.context.get("request")
        if request is not None and is_officer(request.user):
            return []
        return DocumentSerializer(recordal.documents.all(), many=True, context=self.context).data

    def validate(self, attrs):
        start = attrs.get("right_valid_from", getattr(self.instance, "right_valid_from", None))
        end = attrs.get("right_valid_until", getattr(self.instance, "right_valid_until", None))
        if start and end and end < start:
            raise serializers.ValidationError({"right_valid_until": _("The right cannot end before it starts.")})
        return attrs

    def _fields(self, validated):
        return {name: validated[name] for name in EDITABLE_FIELDS if name in validated}

    def create(self, validated_data):
        user = self.context["request"].user
        holder = validated_data.get("holder")
        if holder is None:
            org = organization_of(user)
            if org is None or org.kind != Organization.Kind.HOLDER:
                raise serializers.ValidationError({"holder": _("Name the rights holder you file for.")})
            holder = org
        return recordal_create(
            actor=user,
            holder=holder,
            goods=validated_data.get("goods", ()),
            parties=validated_data.get("parties", ()),
            **self._fields(validated_data),
        )

    def update(self, instance, validated_data):
        if "holder" in validated_data and validated_data["holder"] != instance.holder:
            raise serializers.ValidationError({"holder": _("The holder of a filing cannot be changed.")})
        return recordal_update(
            actor=self.context["request"].user,
            recordal=instance,
            fields=self._fields(validated_data),
            goods=validated_data.get("goods"),
            parties=validated_data.get("parties"),
        )


class RecordalDetailSerializer(RecordalSerializer):
    """A recordal with its timeline and modification requests."""

    events = EventSerializer(many=True, read_only=True)
    modifications = serializers.SerializerMethodField()

    class Meta(RecordalSerializer.Meta):
        fields = [*RecordalSerializer.Meta.fields, "events", "modifications"]

    @extend_schema_field(ModificationSerializer(many=True))
    def get_modifications(self, recordal):
        request = self.context.get("request")
        if request is not None and is_officer(request.user):
            return []
        return ModificationSerializer(recordal.modifications.all(), many=True).data


class PublicRecordalSerializer(serializers.ModelSerializer):
    """The public summary of a recordal: nothing beyond number, right, mark, holder, validity, status."""

    mark = serializers.CharField(source="title")
    holder_name = serializers.CharField(source="holder.name")

    class Meta:
        model = Recordal
        fields = ["number", "right_type", "mark", "holder_name", "valid_from", "valid_until", "status"]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why: shown to the holder and kept in the timeline."))


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ModificationRequestSerializer(serializers.Serializer):
    changes = serializers.DictField(
        help_text=_("Field → new value; fields: right_valid_until, right_details, identification_guide, nice_classes.")
    )
    explanation = serializers.CharField(required=False, allow_blank=True, default="")


class ImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField()
    kind = serializers.ChoiceField(choices=RecordalImage.Kind.choices, default=RecordalImage.Kind.GENUINE)
    caption = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)

    def validate_image(self, value):
        return verify_image(value)


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)

    def validate_file(self, value):
        return verify_pdf(value)


class QueueEntrySerializer(serializers.Serializer):
    recordal = RecordalSerializer()
    queued_at = serializers.DateTimeField()
    working_days_left = serializers.IntegerField()
    overdue = serializers.BooleanField()
