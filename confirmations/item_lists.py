"""The order the lists show as keys for keyset pages: items pending first, then by deadline; cases newest first."""

from django.db import models
from django.db.models import prefetch_related_objects

from confirmations import serializers as s
from confirmations.models import Item, pending_rank
from portal.keyset import Keyset

# The holder's inbox and the items API page by these keys; ``item_holder_list_idx`` holds them after the holder,
# ``item_office_list_idx`` after the office (an officer's items: those of its office).
ITEM_LIST_KEYSET = Keyset(
    keys=(
        ("rank", pending_rank(), models.IntegerField()),
        ("deadline", models.F("deadline"), models.DateTimeField()),
        ("id", models.F("pk"), models.BigIntegerField()),
    )
)

# The officer's case list, newest first; ``case_office_list_idx`` holds these keys after the office.
CASE_LIST_KEYSET = Keyset(
    keys=(
        ("created", models.F("created_at"), models.DateTimeField()),
        ("id", models.F("pk"), models.BigIntegerField()),
    ),
    descending=True,
)


def outcome_records_attach(items: list[Item]) -> None:
    """Give each item its court notice and disposal (or None), read only where one can exist: a court's notice
    puts an item in ``court_assistance`` for good, and only confirmed goods are disposed of."""
    for relation, status in (("court_notice", Item.Status.COURT), ("disposal", Item.Status.CONFIRMED)):
        cache = Item._meta.get_field(relation)
        holding = [item for item in items if item.status == status and not cache.is_cached(item)]
        for item in items:
            if item.status != status and not cache.is_cached(item):
                cache.set_cached_value(item, None)
        if holding:
            prefetch_related_objects(holding, relation)


# The columns ``ItemSerializer`` shows (with the joins ``confirmations.api.item_queryset`` selects): lists and
# item pages read these alone.
ITEM_SHOWN_COLUMNS = (
    *(name for name in s.ItemSerializer.Meta.fields if name in {f.name for f in Item._meta.concrete_fields}),
    *(f"case__{name}" for name in s.ShipmentSerializer.Meta.fields if name != "office"),
    "case__office__name",
    *(f"recordal__{name}" for name in ("number", "title", "right_type")),
    "holder__name",
    *(f"decided_by__{name}" for name in ("username", "first_name", "last_name")),
)
