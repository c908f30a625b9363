"""Read-only admin pages of the risk records: watched traders with their aliases, hits and proposals, penalty
decisions and consignee links, each with its history, so administrators can inspect them."""

from django.contrib import admin

from confirmations.consignee_models import ConsigneeLink, ConsigneeSubmission
from confirmations.penalty_models import PenaltyDecision, PenaltyDecisionEvent
from confirmations.watchlist_models import (
    WatchedAlias,
    WatchedTrader,
    WatchedTraderEvent,
    WatchlistHit,
    WatchlistProposal,
    WatchlistProposalEvent,
)
from portal.admin_audit import ReadOnlyAdmin

HISTORY = ["created_at", "actor", "action", "from_status", "to_status", "reason", "data"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AliasInline(ReadOnlyInline):
    model = WatchedAlias
    fields = readonly_fields = ["name", "name_key"]


class TraderEventInline(ReadOnlyInline):
    model = WatchedTraderEvent
    fields = readonly_fields = HISTORY


@admin.register(WatchedTrader)
class WatchedTraderAdmin(ReadOnlyAdmin):
    list_display = ["name", "country", "identifier", "source", "source_case", "reporting_holder", "is_active"]
    list_select_related = ["source_case", "reporting_holder"]
    list_filter = ["is_active", "source"]
    search_fields = ["name", "name_key", "identifier_key", "aliases__name_key"]
    inlines = [AliasInline, TraderEventInline]


@admin.register(WatchlistHit)
class WatchlistHitAdmin(ReadOnlyAdmin):
    list_display = ["case", "role", "kind", "trader", "recordal", "matched_on", "case_value", "listed_value", "score"]
    list_select_related = ["case", "trader", "recordal"]
    list_filter = ["kind", "matched_on", "role"]
    search_fields = ["case_value", "listed_value"]


class ProposalEventInline(ReadOnlyInline):
    model = WatchlistProposalEvent
    fields = readonly_fields = HISTORY


@admin.register(WatchlistProposal)
class WatchlistProposalAdmin(ReadOnlyAdmin):
    list_display = ["name", "role", "case", "identifier", "status", "trader", "created_at", "decided_by"]
    list_select_related = ["case", "trader", "decided_by"]
    list_filter = ["status", "role"]
    search_fields = ["name", "identifier"]
    inlines = [ProposalEventInline]


class PenaltyEventInline(ReadOnlyInline):
    model = PenaltyDecisionEvent
    fields = readonly_fields = HISTORY


@admin.register(PenaltyDecision)
class PenaltyDecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "decided_on", "case", "recordal", "status", "drafted_by", "reviewed_by", "published_at"]
    list_select_related = ["case", "recordal", "drafted_by", "reviewed_by"]
    list_filter = ["status", "right_type"]
    search_fields = ["number", "recordal_number", "trader_en", "trader_zh"]
    inlines = [PenaltyEventInline]


class SubmissionInline(ReadOnlyInline):
    model = ConsigneeSubmission
    fields = readonly_fields = ["item", "kind", "amount_cny", "created_at"]


@admin.register(ConsigneeLink)
class ConsigneeLinkAdmin(ReadOnlyAdmin):
    list_display = ["name", "role", "case", "holder", "issued_at", "expires_at", "revoked_at", "notice_status"]
    list_select_related = ["case", "holder"]
    list_filter = ["role", "notice_status"]
    search_fields = ["name", "email"]
    exclude = ["salt", "token_hash", "device_hash"]
    inlines = [SubmissionInline]
