from rest_framework import serializers

from portal.notices.models import Notice, WebhookEndpointEvent


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
