"""Read-only admin pages of applications for detention and tips, with their histories."""

from django.contrib import admin

from confirmations.models import DetentionRequest, DetentionRequestEvent, Tip, TipEvent
from portal.admin_audit import ReadOnlyAdmin


class DetentionRequestEventInline(admin.TabularInline):
    model = DetentionRequestEvent
    fields = readonly_fields = ["created_at", "actor", "action", "from_status", "to_status", "reason", "data"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DetentionRequest)
class DetentionRequestAdmin(ReadOnlyAdmin):
    list_display = ["reference", "holder", "office", "status", "expected_from", "bond_amount_cny", "court_notice_due"]
    list_select_related = ["holder", "office"]
    list_filter = ["status", "office"]
    search_fields = ["waybill_number", "container_number", "declaration_number", "consignor", "consignee"]
    inlines = [DetentionRequestEventInline]


class TipEventInline(DetentionRequestEventInline):
    model = TipEvent


@admin.register(Tip)
class TipAdmin(ReadOnlyAdmin):
    list_display = ["pk", "holder", "office", "status", "expected_arrival", "case", "submitted_at"]
    list_select_related = ["holder", "office", "case"]
    list_filter = ["status", "office"]
    search_fields = ["subject", "identifiers"]
    inlines = [TipEventInline]
