"""Filing a case: the shipment, its suspect items, their photos; the holders are told on commit."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.access import may_act_as_officer, may_file_cases
from confirmations.bonds import rate_to_cny, to_cny
from confirmations.evidence import event_build, event_record, events_record_bulk
from confirmations.models import Case, CaseParty, Item, ItemPhoto, WatchlistHit
from confirmations.screening import case_parties, known_infringer_reason, matches_for
from confirmations.services.common import lock_case
from confirmations.services.notify import notify_items_filed
from portal.access import office_of
from portal.errors import FieldErrors, Refused
from portal.uploads import VerifiedImage
from portal.validators import normalize_hs_code, validate_country_code, validate_currency_code, validate_hs_code
from portal.workdays.calendar import add_working_days, local_date
from recordals.image_match import photo_hash
from recordals.models import Recordal

DEADLINE_WORKING_DAYS = 3
MAX_ITEMS = 50
MAX_QUANTITY = 2_147_483_647
MAX_ID = 2**63 - 1
MAX_VALUE = Decimal("999999999999.99")
MAX_VALUE_CNY = Decimal("99999999999999.99")
NORMALIZED_FIELDS = ("currency", "consignor_country", "consignee_country")


@dataclass
class ItemInput:
    recordal_id: int
    description: str
    quantity: int
    value: Decimal
    currency: str = ""
    hs_code: str = ""
    photos: list[VerifiedImage] = field(default_factory=list)


def _normalize(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def _case_screen(case: Case, shipment: dict, today) -> list[WatchlistHit]:
    """Record the case's parties in comparable form and the hits of the watchlist and known infringers."""
    parties = case_parties(shipment)
    CaseParty.objects.bulk_create(
        CaseParty(
            case=case,
            role=p.role,
            name=p.name,
            name_key=p.key,
            identifier=p.identifier,
            identifier_key=p.identifier_key,
        )
        for p in parties
    )
    hits = matches_for(parties, today=today)
    for hit in hits:
        hit.case = case
    return WatchlistHit.objects.bulk_create(hits)


def _store_photos(item: Item, photos: list[VerifiedImage], stored: list[ItemPhoto]) -> None:
    for verified in photos:
        photo = ItemPhoto(item=item)
        photo.fill_from(verified, folder=f"cases/{item.case_id}")
        photo.phash = photo_hash(verified.thumbnail)
        stored.append(photo)
        photo.save()


def case_file(*, officer, shipment: dict, items: list[ItemInput]) -> Case:
    """File a case for the officer's office and notify each item's holder when it commits."""
    if not may_file_cases(officer):
        raise PermissionDenied(_("Only officers of a customs office file cases."))
    stored: list[ItemPhoto] = []
    try:
        return _case_file(officer=officer, shipment=shipment, items=items, stored=stored)
    except BaseException:
        for photo in stored:
            photo.delete_files()
        raise


def _shipment_errors(shipment: dict) -> dict:
    """Return the refusals of the shipment's own fields (counts, country and currency codes).

    Officers type codes at speed: the case's codes are stored in capitals, then checked against ISO.
    """
    errors = {}
    quantity = shipment.get("quantity")
    if quantity is not None and not 0 <= quantity <= MAX_QUANTITY:
        errors["quantity"] = [_("Give a quantity between 0 and %(max)s.") % {"max": MAX_QUANTITY}]
    for name in ("consignor_country", "consignee_country"):
        code = (shipment.get(name) or "").strip().upper()
        try:
            if code:
                validate_country_code(code)
        except ValidationError as exc:
            errors[name] = exc.messages
    try:
        validate_currency_code((shipment.get("currency") or "CNY").strip().upper())
    except ValidationError as exc:
        errors["currency"] = exc.messages
    return errors


def _entry_errors(entry: ItemInput, recordals: dict, seen: set) -> dict:
    """Return the refusals of one item's own fields: recordal, HS code, quantity, value, repetition."""
    errors = {}
    try:
        if entry.hs_code.strip():
            validate_hs_code(entry.hs_code.strip())
    except ValidationError as exc:
        errors["hs_code"] = exc.messages
    if entry.recordal_id not in recordals:
        errors["recordal"] = [_("Choose an approved recordal that is in force.")]
    if not 1 <= entry.quantity <= MAX_QUANTITY:
        errors["quantity"] = [_("Give a quantity between 1 and %(max)s.") % {"max": MAX_QUANTITY}]
    if not Decimal(0) < Decimal(entry.value) <= MAX_VALUE:
        errors["value"] = [_("Give the goods' value: more than 0 and at most %(max)s.") % {"max": MAX_VALUE}]
    key = (entry.recordal_id, _normalize(entry.description))
    if key in seen:
        errors["description"] = [_("The same goods under the same recordal are already listed in this case.")]
    seen.add(key)
    return errors


def _checked_input(shipment: dict, items: list[ItemInput], today) -> tuple[str, dict, dict]:
    """Refuse the filing with every field's message, or return its currency, recordals by id and rates to CNY."""
    errors: dict = _shipment_errors(shipment)
    currency = (shipment.get("currency") or "CNY").upper()
    if not items:
        errors["items"] = [_("Add at least one suspect item.")]
    if len(items) > MAX_ITEMS:
        raise FieldErrors({"items": [_("A case holds at most %(max)s items.") % {"max": MAX_ITEMS}]})
    rates: dict[str, Decimal] = {}
    try:
        if "currency" not in errors:
            rates[currency] = rate_to_cny(currency, today)
    except ValidationError as exc:
        errors["currency"] = exc.messages
    recordals = Recordal.objects.select_related("holder").in_force(today)
    ids = [i.recordal_id for i in items if 1 <= i.recordal_id <= MAX_ID]
    recordals = {r.pk: r for r in recordals.filter(pk__in=ids)}
    item_errors: list[dict] = []
    seen: set = set()
    for entry in items:
        entry_errors = _entry_errors(entry, recordals, seen)
        entry_currency = (entry.currency or currency).upper()
        if entry_currency not in rates:
            try:
                validate_currency_code(entry_currency)
                rates[entry_currency] = rate_to_cny(entry_currency, today)
            except ValidationError as exc:
                entry_errors["currency"] = exc.messages
        if not entry_errors and to_cny(entry.value, rates[entry_currency]) > MAX_VALUE_CNY:
            entry_errors["value"] = [_("The value in CNY is too large to record.")]
        item_errors.append(entry_errors)
    if any(item_errors):
        errors["items"] = item_errors
    if errors:
        raise FieldErrors(errors)
    return currency, recordals, rates


def _items_build(case: Case, items: list[ItemInput], recordals: dict, rates: dict, now, deadline, hits) -> list[Item]:
    """Return the case's unsaved items, valued in CNY and flagged where a party is a known infringer."""
    built = []
    for entry in items:
        recordal = recordals[entry.recordal_id]
        entry_currency = (entry.currency or case.currency).upper()
        rate = rates[entry_currency]
        flag_reason = known_infringer_reason(hits, recordal.pk)
        built.append(
            Item(
                case=case,
                office_id=case.office_id,
                recordal=recordal,
                holder=recordal.holder,
                description=entry.description,
                hs_code=normalize_hs_code(entry.hs_code),
                quantity=entry.quantity,
                value=entry.value,
                currency=entry_currency,
                exchange_rate=rate,
                value_cny=to_cny(entry.value, rate),
                flag_reason=flag_reason,
                flagged_infringer=bool(flag_reason),
                notified_at=now,
                deadline=deadline,
            )
        )
    return built


@transaction.atomic
def _case_file(*, officer, shipment: dict, items: list[ItemInput], stored: list[ItemPhoto]) -> Case:
    now = timezone.now()
    currency, recordals, rates = _checked_input(shipment, items, local_date(now))
    case = Case.objects.create(
        office=office_of(officer),
        filed_by=officer,
        committed_at=now,
        **{
            name: shipment[name]
            for name in Case.SHIPMENT_FIELDS
            if shipment.get(name) is not None and name not in NORMALIZED_FIELDS
        },
        consignor_country=(shipment.get("consignor_country") or "").strip().upper(),
        consignee_country=(shipment.get("consignee_country") or "").strip().upper(),
        currency=currency,
    )
    # The new case is seen by no other transaction before this one commits: its chain needs no lock.
    hits = _case_screen(case, shipment, local_date(now))
    deadline = add_working_days(now, DEADLINE_WORKING_DAYS)
    created = Item.objects.bulk_create(_items_build(case, items, recordals, rates, now, deadline, hits))
    for item, entry in zip(created, items, strict=True):
        _store_photos(item, entry.photos, stored)
    events = [
        event_build(
            case_id=case.pk,
            actor=officer,
            action="case_filed",
            to_status=Case.Status.OPEN,
            data={"items": len(items), "watchlist_hits": len(hits)},
            at=now,
        )
    ]
    events.extend(
        event_build(
            case_id=case.pk,
            item_id=item.pk,
            actor=officer,
            action="item_filed",
            to_status=Item.Status.PENDING,
            at=now,
            data={
                "recordal": item.recordal.number,
                "hs_code": item.hs_code,
                "value": item.value,
                "currency": item.currency,
                "rate": item.exchange_rate,
                "value_cny": item.value_cny,
                "deadline": deadline.isoformat(),
                "flagged_infringer": item.flagged_infringer,
                "photos": [photo.sha256 for photo in stored if photo.item_id == item.pk],
            },
        )
        for item in created
    )
    events_record_bulk(events=events, new_cases=True)
    notify_items_filed(created)
    return case


def item_photos_add(*, officer, item: Item, photos: list[VerifiedImage]) -> list[ItemPhoto]:
    """Attach verified photos to an item of the officer's office."""
    if not may_act_as_officer(officer, item.case):
        raise PermissionDenied(_("Only officers of the case's office add photos."))
    stored: list[ItemPhoto] = []
    try:
        with transaction.atomic():
            case = lock_case(item.case_id)
            if case.status != Case.Status.OPEN:
                raise Refused(_("The case is closed."))
            _store_photos(item, photos, stored)
            event_record(
                case=case,
                item=item,
                action="photos_added",
                actor=officer,
                data={"photos": [photo.sha256 for photo in stored]},
            )
    except BaseException:
        for photo in stored:
            photo.delete_files()
        raise
    return stored
