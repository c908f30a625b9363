from django.contrib import admin

from portal.notices.models import Delivery, Notice, WebhookEndpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence: listed and shown, never edited or deleted through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "channel", "kind", "recipient", "endpoint", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["channel", "status", "kind"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Holders register their own endpoints (with the URL checks); administrators may only switch one off."""

    list_display = ["url", "organization", "is_active", "created_at"]
    list_filter = ["is_active"]
    fields = ["organization", "url", "is_active", "created_at"]
    readonly_fields = ["organization", "url", "created_at"]

    def has_add_permission(self, request):
        return False
