"""Every state change of the confirmation flow, one typed function each."""

from confirmations.services.bonds import general_bond_decide, general_bond_register
from confirmations.services.consignee import (
    LinkRefused,
    consignee_link_open,
    consignee_link_record,
    consignee_link_revoke,
    consignee_notice_deliver,
    consignee_notices_send_due,
)
from confirmations.services.consignee_submissions import (
    consignee_counter_guarantee_request,
    consignee_explanation_submit,
)
from confirmations.services.deadlines import deadline_reminders_send
from confirmations.services.decisions import (
    BondQuote,
    bond_quote,
    item_decide,
    items_decide_bulk,
    joined_value_annotation,
)
from confirmations.services.detention import (
    application_bond_receive,
    application_withdraw,
    applications_lapse_due,
)
from confirmations.services.filing import ItemInput, case_file, item_photos_add
from confirmations.services.investigation import (
    investigation_reminders_send,
    item_court_notice_record,
    item_dispose,
    items_release_without_court_notice,
)
from confirmations.services.lapse import item_lapse, items_lapse_due, lapsed_notify
from confirmations.services.officer import (
    item_case_bond_receive,
    item_counter_guarantee_release,
    item_detain,
    item_investigation_record,
    item_release,
)
from confirmations.services.recompute import deadlines_recompute
from confirmations.services.watchlist import (
    TraderInput,
    watched_trader_add,
    watched_trader_deactivate,
    watched_trader_reactivate,
    watched_trader_update,
    watchlist_proposal_accept,
    watchlist_proposal_dismiss,
    watchlist_propose,
)
from portal.errors import Conflict, FieldErrors
from portal.notices.webhooks import webhook_add, webhook_remove

__all__ = [
    "application_bond_receive",
    "application_withdraw",
    "applications_lapse_due",
    "investigation_reminders_send",
    "item_court_notice_record",
    "item_dispose",
    "items_release_without_court_notice",
    "BondQuote",
    "LinkRefused",
    "consignee_counter_guarantee_request",
    "consignee_explanation_submit",
    "consignee_link_open",
    "consignee_link_record",
    "consignee_link_revoke",
    "consignee_notice_deliver",
    "consignee_notices_send_due",
    "Conflict",
    "FieldErrors",
    "ItemInput",
    "bond_quote",
    "case_file",
    "deadline_reminders_send",
    "deadlines_recompute",
    "general_bond_decide",
    "general_bond_register",
    "item_case_bond_receive",
    "item_counter_guarantee_release",
    "item_decide",
    "item_detain",
    "item_investigation_record",
    "item_lapse",
    "item_photos_add",
    "item_release",
    "items_decide_bulk",
    "items_lapse_due",
    "joined_value_annotation",
    "lapsed_notify",
    "TraderInput",
    "watched_trader_add",
    "watched_trader_deactivate",
    "watched_trader_reactivate",
    "watched_trader_update",
    "watchlist_proposal_accept",
    "watchlist_proposal_dismiss",
    "watchlist_propose",
    "webhook_add",
    "webhook_remove",
]
