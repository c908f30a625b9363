from django.contrib import admin

from portal.admin_audit import AuditedAdmin, ReadOnlyAdmin, history_inline
from portal.notices.models import Delivery, DeliveryAttempt, Notice, WebhookEndpoint, WebhookEndpointEvent


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
class WebhookEndpointAdmin(AuditedAdmin):
    """Holders register and remove their own endpoints (with the URL checks); administrators may only switch
    one off or on. Every change is recorded; an endpoint is never deleted (its deliveries are evidence)."""

    audit_model = WebhookEndpointEvent
    audit_hidden = ("secret",)
    deletable = False
    list_display = ["url", "organization", "is_active", "removed_at", "failures_in_a_row", "paused_until", "created_at"]
    list_filter = ["is_active"]
    list_select_related = ["organization"]
    fields = [
        "organization",
        "url",
        "language",
        "is_active",
        "removed_at",
        "failures_in_a_row",
        "paused_until",
        "created_at",
    ]
    readonly_fields = [f for f in fields if f != "is_active"]
    inlines = [history_inline(WebhookEndpointEvent)]

    def get_readonly_fields(self, request, obj=None):
        removed = obj is not None and obj.removed_at is not None
        return [*self.readonly_fields, "is_active"] if removed else self.readonly_fields

    def audit_subject(self, obj) -> dict:
        return {"endpoint": obj}

    def audit_state(self, obj) -> str:
        return obj.state()

    def has_add_permission(self, request):
        return False
