"""Read-only admin pages of applications for detention and tips, with their histories."""

from django.contrib import admin

from confirmations.admin import ReadOnly
from confirmations.models import DetentionRequest, DetentionRequestEvent, Tip, TipEvent


class DetentionRequestEventInline(admin.TabularInline):
    model = DetentionRequestEvent
    fields = readonly_fields = ["created_at", "actor", "action", "from_status", "to_status", "reason", "data"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DetentionRequest)
class DetentionRequestAdmin(ReadOnly):
    list_display = ["reference", "holder", "office", "status", "expected_from", "bond_amount_cny", "court_notice_due"]
    list_filter = ["status", "office"]
    search_fields = ["waybill_number", "container_number", "declaration_number", "consignor", "consignee"]
    inlines = [DetentionRequestEventInline]


class TipEventInline(DetentionRequestEventInline):
    model = TipEvent


@admin.register(Tip)
class TipAdmin(ReadOnly):
    list_display = ["pk", "holder", "office", "status", "expected_arrival", "case", "submitted_at"]
    list_filter = ["status", "office"]
    search_fields = ["subject", "identifiers"]
    inlines = [TipEventInline]
