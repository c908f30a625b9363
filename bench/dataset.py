"""The benchmark's data set, built with bulk inserts: recordals, holders with members, offices, cases and items.

``build(scale)`` at scale 1.0 makes 100,000 approved recordals and 100,000 items (one holder with
10,000 of them, another with 100) spread over the last year, plus 10,000 items whose deadline has
passed unanswered (the lapse sweep's work), 5 per case. Smaller scales shrink every count.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from confirmations.models import Case, Item
from portal.accounts.models import CustomsDistrict, Membership, Organization
from recordals.models import Recordal

WORDS = (
    "LUMIERE NORDIK AURORA BELLAVISTA CASCADE DRAGON ETOILE FALCON GALAXY HORIZON IMPERIAL JADE KESTREL LOTUS "
    "MERIDIAN NOVA OLYMPIA PHOENIX QUASAR RAVEN SIERRA TITAN UNITY VERTEX WILLOW XENON YUKON ZENITH"
).split()
SUFFIXES = ("", " PARIS", " SPORT", " CLASSIC", " GOLD", " KIDS", " HOME", " PRO")
BATCH = 5000
# The suspect items' own HS codes in turn; "" leaves an item to its recordal's goods (the risk figures' fallback).
HS_CODES = ("9102.11", "4202.21", "", "6403.99")


@dataclass
class DataSet:
    big_holder_user: object = None
    small_holder_user: object = None
    admin: object = None
    officer: object = None
    big_item_id: int = 0
    # One of the big holder's items awaiting its answer: the page a notice links, with the decision form.
    pending_item_id: int = 0
    recordal_ids: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


SYLLABLES = (
    "ba be bi bo ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi "
    "vo za ze zi zo dra gro pla stu ten kor mar lin vel dor fen gal hul jin"
).split()


def _title(rng: random.Random, n: int) -> str:
    """Return a mark: a real-looking brand word (many made-up ones, some common words), perhaps with a suffix."""
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).upper()
    if rng.random() < 0.2:
        word = f"{rng.choice(WORDS)} {word}"
    return f"{word}{rng.choice(SUFFIXES)}"


def _users(orgs: list[Organization], role: str) -> list:
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"u{org.pk}", email=f"u{org.pk}@bench.example", is_active=True) for org in orgs],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [Membership(user=user, organization=org, role=role) for user, org in zip(users, orgs, strict=True)],
        batch_size=BATCH,
    )
    return users


def build(scale: float = 1.0, *, seed: int = 2026) -> DataSet:
    """Fill an empty, migrated database; return the people and ids the measurements need."""
    rng = random.Random(seed)
    data = DataSet()
    n_recordals = max(int(100_000 * scale), 200)
    n_items = max(int(100_000 * scale), 300)
    n_big = max(int(10_000 * scale), 100)
    n_lapse = max(int(10_000 * scale), 50)
    n_holders = max(n_recordals // 20, 10)
    now = timezone.now()
    with transaction.atomic():
        department = Organization.objects.create(kind=Organization.Kind.ADMIN, name="National IPR Department")
        district = CustomsDistrict.objects.create(name="Bench Customs")
        offices = Organization.objects.bulk_create(
            [
                Organization(kind=Organization.Kind.OFFICE, name=f"Port Office {n:02d}", district=district)
                for n in range(20)
            ]
        )
        holders = Organization.objects.bulk_create(
            [
                Organization(kind=Organization.Kind.HOLDER, name=f"Holder {n:05d}", country="FR")
                for n in range(n_holders)
            ],
            batch_size=BATCH,
        )
        holder_users = _users(holders, Membership.Role.OWNER)
        officers = _users(offices, Membership.Role.MEMBER)
        (admin,) = _users([department], Membership.Role.MEMBER)
        recordals = [
            Recordal(
                holder=holders[n % n_holders],
                right_type="trademark",
                title="ROLEX SPORT" if n == n_recordals // 2 else _title(rng, n),
                registration_number=f"REG{n:07d}",
                right_valid_from=date(2015, 1, 1),
                status=Recordal.Status.APPROVED,
                number=f"T2026-{n:06d}",
                valid_from=date(2020, 1, 1),
                valid_until=date(2035, 12, 31),
                nice_classes=[14],
            )
            for n in range(n_recordals)
        ]
        recordals = Recordal.objects.bulk_create(recordals, batch_size=BATCH)
        by_holder = {}
        for recordal in recordals:
            by_holder.setdefault(recordal.holder_id, []).append(recordal)
        big, small = holders[0], holders[1]
        items_per_case = 3
        n_cases = n_items // items_per_case + 1
        cases = Case.objects.bulk_create(
            [
                Case(
                    office=offices[n % 20],
                    filed_by=officers[n % 20],
                    channel=rng.choice(["mail", "express", "ecommerce", "sea", "air"]),
                    direction="import",
                    waybill_number=f"WB{n:08d}",
                    committed_at=now - timedelta(seconds=rng.randint(86400 * 5, 86400 * 360)),
                    status=Case.Status.CLOSED,
                )
                for n in range(n_cases)
            ],
            batch_size=BATCH,
        )
        items = []
        for n in range(n_items):
            case = cases[n // items_per_case]
            if n < n_big:
                holder = big
            elif n < n_big + 100:
                holder = small
            else:
                holder = holders[2 + n % (n_holders - 2)]
            recordal = rng.choice(by_holder[holder.pk])
            notified = case.committed_at
            answered = rng.random() < 0.8
            value = Decimal(rng.randint(100, 300_000))
            items.append(
                Item(
                    case=case,
                    office_id=case.office_id,
                    recordal=recordal,
                    holder=holder,
                    description=f"Goods {n}",
                    hs_code=HS_CODES[n % len(HS_CODES)],
                    quantity=rng.randint(1, 500),
                    value=value,
                    value_cny=value,
                    notified_at=notified,
                    deadline=notified + timedelta(days=4),
                    status=rng.choice(["released", "detained", "confirmed"]) if answered else "released",
                    decision=rng.choice(["infringing", "not_infringing"]) if answered else "lapsed",
                    bond_kind="case",
                    decided_at=notified + timedelta(seconds=rng.randint(300, 86400 * 3)) if answered else None,
                )
            )
        for n in range(min(20, n_big)):
            items[n].status, items[n].decision, items[n].decided_at = "pending", "", None
            items[n].deadline = now + timedelta(days=2)
        items = Item.objects.bulk_create(items, batch_size=BATCH)
        lapse_cases = Case.objects.bulk_create(
            [
                Case(
                    office=offices[n % 20],
                    filed_by=officers[n % 20],
                    channel="express",
                    direction="import",
                    waybill_number=f"LP{n:08d}",
                    committed_at=now - timedelta(days=5),
                )
                for n in range(n_lapse // 5)
            ],
            batch_size=BATCH,
        )
        lapsing = []
        for n in range(n_lapse):
            holder = holders[2 + n % (n_holders - 2)]
            lapsing.append(
                Item(
                    case=lapse_cases[n // 5],
                    office_id=lapse_cases[n // 5].office_id,
                    recordal=by_holder[holder.pk][0],
                    holder=holder,
                    description=f"Overdue {n}",
                    quantity=1,
                    value=Decimal(1000),
                    value_cny=Decimal(1000),
                    notified_at=now - timedelta(days=5),
                    deadline=now - timedelta(hours=1),
                )
            )
        Item.objects.bulk_create(lapsing, batch_size=BATCH)
    data.big_holder_user = holder_users[0]
    data.small_holder_user = holder_users[1]
    data.admin = admin
    data.officer = officers[0]
    data.big_item_id = items[n_big // 2].pk
    data.pending_item_id = items[0].pk
    data.recordal_ids = [r.pk for r in recordals[:50]]
    data.counts = {"recordals": n_recordals, "items": n_items, "big_holder_items": n_big, "lapsing": n_lapse}
    return data
