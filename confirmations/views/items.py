"""The holder's pages: the inbox (pending first, countdown, bulk decision) and the item page."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Subquery, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from confirmations import services
from confirmations.access import (
    awaiting_count_annotation,
    items_scope_key,
    items_visible_to,
    may_act_as_officer,
    may_decide_annotation,
    sees_whole_case,
)
from confirmations.bonds import case_bond_amount, covering_general_bonds, general_bond_for
from confirmations.context_processors import awaiting_count_known
from confirmations.forms import BulkDecisionForm, DecisionForm, default_bond
from confirmations.item_lists import ITEM_LIST_KEYSET
from confirmations.models import CaseEvent, Channel, DetentionApplication, Item, ItemPhoto, pending_rank
from confirmations.photo_match import photo_pairs
from confirmations.services.filing import MAX_ID
from confirmations.services.notify import application_context
from portal.access import Need, is_holder_side
from portal.compiled_rows import instances_compiled_once, instances_read_together
from portal.confirmation import form_action
from portal.labels import choice_labels
from portal.pagination import list_page
from portal.paths import PathMaker
from portal.refusals import service_run
from portal.templatetags.portal_format import deadline, money
from portal.workdays.calendar import local_day_of
from recordals.access import recordal_scope
from recordals.models import RecordalImage

# What the item page shows of the item's case, office (and how to lodge a bond with it), recordal, holder, decider,
# general bond, court's notice and disposal.
ITEM_PAGE_JOINS = (
    "case",
    "case__office",
    "case__office__bond_instructions",
    "recordal",
    "holder",
    "decided_by",
    "general_bond",
    "court_notice",
    "disposal",
)


def _inbox_items(user):
    return (
        items_visible_to(user)
        .select_related("case", "case__office", "recordal", "holder")
        .order_by(pending_rank(), "deadline", "pk")
    )


def _decidable_ids(user, items) -> set[int]:
    scope = recordal_scope(user, need=Need.DECIDE, recordal_path="recordal_id")
    return set(
        Item.objects.filter(scope, pk__in=[i.pk for i in items], status=Item.Status.PENDING).values_list(
            "pk", flat=True
        )
    )


def _label(items) -> None:
    """Give each item of a page what the inbox shows beyond its fields: link, thumbnail (of its first photo, all
    read in one query), case bond and labels."""
    paths = PathMaker()
    statuses, decisions, channels = choice_labels(Item.Status), choice_labels(Item.Decision), choice_labels(Channel)
    first_photos = {}
    if items:
        photos = ItemPhoto.objects.filter(item_id__in=[item.pk for item in items]).order_by("-pk")
        first_photos = dict(photos.values_list("item_id", "pk"))
    for item in items:
        photo = first_photos.get(item.pk)
        item.thumb_url = paths("confirmations:photo-thumb", photo) if photo is not None else None
        item.case_bond = case_bond_amount(item.value_cny)
        item.page_url = paths("confirmations:item-detail", item.pk)
        item.status_label = statuses.get(item.status, item.status)
        item.decision_label = decisions.get(item.decision, item.decision)
        item.channel_label = channels.get(item.case.channel, item.case.channel)


@login_required
def inbox(request):
    """List the items of the holders the user acts for: pending first, soonest deadline first."""
    items = _inbox_items(request.user)
    status = request.GET.get("status")
    if status in Item.Status.values:
        items = items.filter(status=status)
    page = list_page(request, items, ITEM_LIST_KEYSET, per_page=50)
    decidable = _decidable_ids(request.user, page.object_list)
    _label(page.object_list)
    today = timezone.localdate()
    covered = {(item.holder, item.recordal.right_type) for item in page.object_list if item.pk in decidable}
    all_covered = bool(covered) and all(
        general_bond_for(holder=holder, right_type=right_type, day=today) for holder, right_type in covered
    )
    form = BulkDecisionForm(item_ids=decidable, initial={"bond": default_bond(general_bond_covers=all_covered)})
    return render(
        request,
        "confirmations/inbox.html",
        {
            "page": page,
            "decidable": decidable,
            "status": status,
            "query": f"status={status}" if status in Item.Status.values else "",
            "form": form,
        },
        using="jinja2",
    )


@require_POST
@login_required
def bulk_decide(request):
    """Decide the chosen pending items with one answer: all of them, or none."""
    visible = items_visible_to(request.user).filter(status=Item.Status.PENDING).values_list("pk", flat=True)
    form = BulkDecisionForm(request.POST, item_ids=list(visible))
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {errors[0]}")
        return redirect("confirmations:inbox")
    data = form.cleaned_data
    decided = service_run(
        request,
        services.items_decide_bulk,
        user=request.user,
        item_ids=data["items"],
        decision=data["decision"],
        comment=data["comment"],
        bond=data["bond"],
    )
    if decided is not None:
        count = len(decided)
        messages.success(
            request, ngettext("%(count)d item decided.", "%(count)d items decided.", count) % {"count": count}
        )
    return redirect("confirmations:inbox")


def _next_step(item) -> list[str]:
    """Say what the holder's decision leads to: the bond to lodge and its status, or what customs does."""
    office = item.case.office.name
    if item.status == Item.Status.INFRINGING and item.application_id:
        return [_("Your application for detention above says what bond to lodge, how and by when.")]
    if item.status == Item.Status.INFRINGING and item.bond_kind == Item.Bond.CASE:
        if item.case_bond_received_at:
            return [
                _("%(office)s received your case bond of %(amount)s CNY on %(when)s; customs will detain the goods.")
                % {
                    "office": office,
                    "amount": money(item.bond_amount_cny),
                    "when": date_format(timezone.localtime(item.case_bond_received_at), "DATETIME_FORMAT"),
                }
            ]
        return [
            _("Lodge the case bond of %(amount)s CNY with %(office)s by %(deadline)s (Beijing time).")
            % {"amount": money(item.bond_amount_cny), "office": office, "deadline": deadline(item.deadline)},
            _("Pay it to the office's bond account quoting %(ref)s; the office records it on arrival.")
            % {"ref": f"C{item.case_id}-I{item.pk}"},
            _("Status: awaited. Without the bond by the deadline the goods are released."),
        ]
    if item.status == Item.Status.INFRINGING and item.general_bond:
        return [
            _("Your general bond %(ref)s covers this application; nothing more to pay. Customs will detain the goods.")
            % {"ref": item.general_bond.reference}
        ]
    if item.status == Item.Status.NOT_INFRINGING:
        return [_("Customs will release the goods; nothing more is needed from you.")]
    if item.status == Item.Status.DETAINED:
        due = item.investigation_due
        return [
            _("The goods are detained. Customs investigates and decides by %(due)s.")
            % {"due": deadline(due) if due else "—"}
        ]
    return []


def _item_page(request, item, form=None, *, parts=None):
    """Render the item page; the bond quote and the decision form only where the user may still decide. ``parts``:
    the item's lists (``_PARTS``) where they were read with it."""
    now = item.read_at or timezone.now()
    pending = item.status == Item.Status.PENDING and now < item.deadline
    can_decide = pending and item.user_decides
    quote = services.bond_quote(item, when=now, general_bonds=item.covering_bonds) if can_decide else None
    if form is None and can_decide:
        covered = quote.general_bond is not None
        form = DecisionForm(initial={"bond": default_bond(general_bond_covers=covered)})
    photos, images, events, application_items = parts if parts is not None else _item_parts(item)
    if any(photo.phash is not None for photo in photos):
        prefetch_related_objects(images, "fingerprints")
    _paths_attach(photos, images)
    return render(
        request,
        "confirmations/item_detail.html",
        {
            "item": item,
            "case": item.case,
            "photos": photos,
            "pairs": photo_pairs(photos, images),
            "genuine": [i for i in images if i.kind != RecordalImage.Kind.GUIDE],
            "guide_images": [i for i in images if i.kind == RecordalImage.Kind.GUIDE],
            "form": form,
            "can_decide": can_decide,
            "quote": quote,
            "next_step": _next_step(item),
            "events": events,
            "officer": may_act_as_officer(request.user, item.case),
            "whole": sees_whole_case(request.user, item.case),
            **_application_context(item, application_items),
        },
        using="jinja2",
    )


# The item page's lists about an item (by its id): its photos, its recordal's images, its events with their actors
# and the items of its application for detention (none before there is one), each with the application and its
# general bond.
_PARTS = (
    lambda pk, instants: ItemPhoto.objects.filter(item_id=pk),
    lambda pk, instants: RecordalImage.objects.filter(
        recordal_id=Subquery(Item.objects.filter(pk=pk).values("recordal_id")[:1])
    ),
    lambda pk, instants: CaseEvent.objects.select_related("actor").filter(item_id=pk),
    lambda pk, instants: Item.objects.select_related("application", "application__general_bond").filter(
        application_id=Subquery(Item.objects.filter(pk=pk).values("application_id")[:1])
    ),
)


def _covering_bonds(pk, instants):
    """The general bond the holder of item ``pk`` could use for a decision at ``instants[0]`` (``bond_quote``); none
    read once the item is answered."""
    holder = Subquery(Item.objects.filter(status=Item.Status.PENDING).filter(pk=pk).values("holder_id")[:1])
    return covering_general_bonds(holder, local_day_of(instants[0]))


def _item_parts(item) -> list[list]:
    """Return the item's lists (``_PARTS``), each in its model's order, read by one statement compiled once
    (``instances_read_together``)."""
    return instances_read_together(
        [partial(part, item.pk) for part in _PARTS],
        ("item page", "its lists"),
        tails=[[item.pk]] * len(_PARTS),
        using=Item.objects.db,
    )


def _paths_attach(photos, images) -> None:
    """Give the suspect photos and the recorded images the addresses the page links, each pattern reversed once."""
    paths = PathMaker()
    for photo in photos:
        photo.display_path = paths("confirmations:photo-display", photo.pk)
        photo.thumb_path = paths("confirmations:photo-thumb", photo.pk)
    for image in images:
        image.image_path = paths("confirmations:recordal-image", image.pk)
        image.thumb_path = paths("confirmations:recordal-image-thumb", image.pk)


def _application_with_items(items: list) -> DetentionApplication:
    """Return the application of ``items`` (its items, each read with the application and its general bond)."""
    application = items[0].application
    # Kept as a prefetch of ``application.items`` would keep them: the count and the links read these rows.
    shown = application.items.all()
    shown._result_cache, shown._prefetch_done = items, True
    application._prefetched_objects_cache = {"items": shown}
    return application


def _application_context(item, application_items: list) -> dict:
    if item.application_id is None or not application_items:
        return {}
    item.application = application = _application_with_items(application_items)
    # The application is the item's case's: its case and office are the ones already read with the item.
    if application.case_id == item.case_id:
        application.case = item.case
    return {
        "application": application,
        "bond": application_context(application),
        "may_withdraw": application.status
        in (DetentionApplication.Status.AWAITING_BOND, DetentionApplication.Status.SECURED)
        and item.user_decides,
    }


def _get_item(request, pk, *, with_parts: bool = False):
    """Read the item the user may see with the case, office, recordal, holder, decider, general bond, court's notice
    and disposal joined; its SQL compiled once per scope (``portal.compiled_rows``). ``with_parts``: return the item
    and, read by the same statement, its photos, its recordal's images and its events (``_PARTS``; None where the
    user's scope has no key: the page reads them)."""
    # The holder side reads with the item whether it may decide the item (or its application), what the bond quote
    # adds to its value, and the header's count of items awaiting its answer; no one else may decide.
    user = request.user
    holder_side = is_holder_side(user)

    def build(instants):
        items = items_visible_to(user)
        if holder_side:
            items = items.annotate(
                user_decides=may_decide_annotation(user),
                joined_value_cny=services.joined_value_annotation(),
                awaiting_count=awaiting_count_annotation(user, now=instants[0]),
            )
        return items.select_related(*ITEM_PAGE_JOINS).filter(pk=pk).order_by()

    scope = items_scope_key(user) if 0 < pk <= MAX_ID else None
    instants = [timezone.now()] if holder_side else []
    parts = bonds = None
    if with_parts and scope is not None:
        # The holder side reads too the general bond a decision now could use (``bond_quote``).
        builds = [build, *(partial(part, pk) for part in _PARTS)]
        if holder_side:
            builds.append(partial(_covering_bonds, pk))
        found, *parts = instances_read_together(
            builds,
            ("item page with its parts", scope),
            instants=instants,
            tails=[[pk]] * len(builds),
            using=Item.objects.db,
        )
        if holder_side:
            *parts, bonds = parts
    else:
        found = instances_compiled_once(
            build, None if scope is None else ("item page", scope), instants=instants, tail=[pk], using=Item.objects.db
        )
    if not found:
        raise Http404("No Item matches the given query.")
    item = found[0]
    # The instant the item was read at: the page says whether it may still be decided, and quotes the bond, as of it.
    item.read_at, item.covering_bonds = (instants or [None])[0], bonds
    if holder_side:
        awaiting_count_known(request, item.awaiting_count)
    else:
        item.user_decides = False
    return (item, parts) if with_parts else item


@login_required
def item_detail(request, pk):
    """Show an item: the suspect photos beside the genuine ones and the guide; the decision form."""
    item, parts = _get_item(request, pk, with_parts=True)
    return _item_page(request, item, parts=parts)


@require_POST
@login_required
def item_decide_view(request, pk):
    """Send the holder's decision on the item."""
    item = _get_item(request, pk)
    form = DecisionForm(request.POST)
    acted = form_action(
        request,
        form,
        services.item_decide,
        arguments=lambda data: {
            "user": request.user,
            "item_id": item.pk,
            "decision": data["decision"],
            "comment": data["comment"],
            "bond": data["bond"],
        },
        done=_("Your decision was sent to customs."),
        next_url=item,
    )
    return acted or _item_page(request, item, form)
