from django.contrib import admin

from portal.notices.models import Delivery, DeliveryAttempt, Notice, WebhookEndpoint


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
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username"]


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["number", "started_at", "finished_at", "outcome", "status_code", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "channel", "kind", "recipient", "endpoint", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["channel", "status", "kind"]
    list_select_related = ["recipient", "endpoint"]
    inlines = [DeliveryAttemptInline]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Holders register their own endpoints (with the URL checks); administrators may only switch one off."""

    list_display = ["url", "organization", "is_active", "failures_in_a_row", "paused_until", "created_at"]
    list_filter = ["is_active"]
    list_select_related = ["organization"]
    fields = ["organization", "url", "is_active", "failures_in_a_row", "paused_until", "created_at"]
    readonly_fields = ["organization", "url", "failures_in_a_row", "paused_until", "created_at"]

    def has_add_permission(self, request):
        return False
