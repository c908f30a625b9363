"""The order the lists show as keys for keyset pages: items pending first, then by deadline; cases newest first."""

from functools import cache, partial

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import OuterRef, Subquery, prefetch_related_objects
from django.utils import timezone

from confirmations import serializers as s
from confirmations.detention_models import CourtNotice, Disposal
from confirmations.models import Item, ItemPhoto, pending_rank
from portal.accounts.models import Organization
from portal.compiled_rows import rows_compiled_once
from portal.keyset import Keyset
from portal.paths import PathMaker, absolute_url
from portal.representation import RowPlan

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


class RowContext:
    """What a page of item rows is shown with beyond its own columns: the request, paths, photos and outcomes."""

    def __init__(self, request):
        self.request = request
        self.paths = PathMaker()
        self.photos: dict[int, list] = {}
        self.court_notices: dict[int, dict] = {}
        self.disposals: dict[int, dict] = {}
        self.zone = timezone.get_current_timezone()

    def url(self, name: str, pk: int) -> str:
        return absolute_url(self.request, self.paths(name, pk))


def _kept(context, value):
    return value


def _name_of(model, key: str, column: str) -> Subquery:
    """Return the ``column`` of the ``model`` row the item's ``key`` points at, read by a scalar subquery: joined,
    the item list's organizations and users cost PostgreSQL more to plan (every join order) than to read."""
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values(column))


DECIDER_COLUMNS = ("username", "first_name", "last_name")


def _names() -> dict:
    """Return the names an item row reads by subquery: its holder's, its case's office's and its decider's."""
    user = get_user_model()
    return {
        "shown_holder": _name_of(Organization, "holder_id", "name"),
        "shown_office": _name_of(Organization, "case__office_id", "name"),
        **{f"shown_decider_{column}": _name_of(user, "decided_by_id", column) for column in DECIDER_COLUMNS},
    }


def _recordal(context, pk, number, title, right_type) -> dict:
    return {"id": pk, "number": number, "title": title, "right_type": right_type}


def _decided_by(context, username, first_name, last_name) -> str:
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username


def _notice_url(context, pk, status):
    return None if Item.notice_kind_of(status) is None else context.url("confirmations:item-notice", pk)


PHOTO_URLS = {
    "url": "confirmations:photo",
    "display_url": "confirmations:photo-display",
    "thumbnail_url": "confirmations:photo-thumb",
}


def item_special() -> dict:
    """Return the readers of ``ItemSerializer``'s fields that are not one column each (see ``RowPlan``)."""
    return {
        "recordal": (("recordal", "recordal__number", "recordal__title", "recordal__right_type"), _recordal),
        "holder": (("shown_holder",), _kept),
        "shipment.office": (("shown_office",), _kept),
        "decided_by": (tuple(f"shown_decider_{column}" for column in DECIDER_COLUMNS), _decided_by),
        "court_notice": (("id",), lambda context, pk: context.court_notices.get(pk)),
        "disposal": (("id",), lambda context, pk: context.disposals.get(pk)),
        "photos": (("id",), lambda context, pk: context.photos.get(pk, [])),
        "url": (("id",), lambda context, pk: context.paths("confirmations:item-detail", pk)),
        "notice_url": (("id", "status"), _notice_url),
    }


@cache
def item_rows() -> dict[str, RowPlan]:
    """Return the row plans of an item (``ItemSerializer``) and of its photos, court notice and disposal."""
    photo = {name: (("id",), partial(lambda context, pk, route: context.url(route, pk), route=route))
             for name, route in PHOTO_URLS.items()}  # fmt: skip
    return {
        "item": RowPlan(s.ItemSerializer, special=item_special()),
        "photo": RowPlan(s.PhotoSerializer, special=photo),
        "court_notice": RowPlan(s.CourtNoticeSerializer),
        "disposal": RowPlan(s.DisposalSerializer),
    }


def item_row_queryset(items):
    """Return the items as rows of what ``ItemSerializer`` shows (named tuples; see ``items_represented``)."""
    return items.annotate(**_names()).values_list(*item_rows()["item"].columns, named=True)


def _parts(model, plan: RowPlan, item_ids: list[int], context: RowContext) -> dict[int, list[dict]]:
    parts: dict[int, list[dict]] = {}
    if item_ids:
        rows = rows_compiled_once(
            lambda: model.objects.filter(item_id__in=item_ids).values_list(*plan.columns, "item_id"),
            (model._meta.label, len(item_ids)),
            tail=item_ids,
            using=model.objects.db,
        )
        for row in rows:
            parts.setdefault(row[-1], []).append(plan.represent(row, context))
    return parts


# An item's outcome records, read only where one can exist (as ``outcome_records_attach`` reads them).
OUTCOMES = (("court_notice", Item.Status.COURT, CourtNotice), ("disposal", Item.Status.CONFIRMED, Disposal))


def items_represented(rows: list, request) -> list[dict]:
    """Represent a page of item rows (``item_row_queryset``) as ``ItemSerializer`` represents the items: photos in
    one query, court notices and disposals each in one more where the page holds an item that can have one."""
    plans, context = item_rows(), RowContext(request)
    ids = [row.id for row in rows]
    context.photos = _parts(ItemPhoto, plans["photo"], ids, context)
    for kind, status, model in (
        ("court_notice", Item.Status.COURT, CourtNotice),
        ("disposal", Item.Status.CONFIRMED, Disposal),
    ):
        holding = [row.id for row in rows if row.status == status]
        found = {pk: parts[0] for pk, parts in _parts(model, plans[kind], holding, context).items()}
        setattr(context, f"{kind}s", found)
    item = plans["item"]
    return [item.represent(row, context) for row in rows]
