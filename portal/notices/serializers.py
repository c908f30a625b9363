from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.notices.models import Notice, WebhookEndpoint, WebhookEndpointEvent


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields


class WebhookEventSerializer(serializers.ModelSerializer):
    """One change of one of the holder's webhooks."""

    webhook = serializers.IntegerField(source="endpoint_id", read_only=True)
    url = serializers.CharField(source="endpoint.url", read_only=True)
    label = serializers.CharField(source="action_label", read_only=True)
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = WebhookEndpointEvent
        fields = ["webhook", "url", "action", "label", "from_status", "to_status", "actor", "data", "created_at"]
        read_only_fields = fields


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
