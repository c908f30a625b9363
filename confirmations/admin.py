from django.contrib import admin

from confirmations.models import Case, CaseEvent, ExchangeRate, GeneralBond, Item


class ReadOnly(admin.ModelAdmin):
    """Cases and evidence change only through the services; the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(admin.TabularInline):
    model = Item
    fields = ["recordal", "holder", "description", "value_cny", "status", "decision", "deadline"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ["pk", "waybill_number", "office", "channel", "status", "created_at"]
    list_filter = ["status", "channel", "office"]
    search_fields = ["waybill_number", "consignor", "consignee"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(ReadOnly):
    list_display = ["pk", "case", "recordal", "holder", "status", "decision", "deadline"]
    list_filter = ["status", "decision"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnly):
    list_display = ["pk", "case", "item", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action"]


@admin.register(GeneralBond)
class GeneralBondAdmin(ReadOnly):
    list_display = ["holder", "year", "bank", "reference", "amount_cny", "status", "valid_until"]
    list_filter = ["status", "year"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "rate_to_cny", "valid_from"]
