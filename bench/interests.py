"""Benchmark data and pages for the registers of interests.

Every bench-district member gets a published register of six entries (one in
ten asking, and allowed, to withhold its details) and two gifts; the bench
councillor fills in a long register through the services and has a draft open,
for the form. Idempotent: members who already have a register are skipped.
"""

import datetime
import random
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from interests import services
from interests.models import Category, Entry, Gift, Register, Return, Sensitivity, Status, Whose
from portal.models import Member

ENTRIES_EACH = 6
OWN_ENTRIES = 40
WORDS = [
    "Fellbridge",
    "Holdings",
    "Trust",
    "Farm",
    "Lane",
    "Surveyors",
    "Bakery",
    "Co-operative",
    "Mill",
    "School",
]


def build(people):
    officer = people["advice_officer"]  # the bench's Monitoring Officer (bench/advice.py)
    _registers()
    people["interests_member"] = _own(people["councillor"], officer)


def pages(people):
    member = people["interests_member"]
    councillor = people["councillor"]
    officer = people["advice_officer"]
    return [
        ("interests: public index", None, "/registers-of-interests/", 80),
        ("interests: public council, page 1", None, "/registers-of-interests/bench-district/", 120),
        ("interests: public council, page 30", None, "/registers-of-interests/bench-district/?page=30", 120),
        (
            "interests: public member register",
            None,
            f"/registers-of-interests/bench-district/{member.pk}/",
            80,
        ),
        (
            "interests: member's form, one heading",
            councillor,
            f"/interests/members/{member.pk}/edit/employment/",
            80,
        ),
        ("interests: member's check and submit", councillor, f"/interests/members/{member.pk}/submit/", 100),
        ("interests: member's register", councillor, f"/interests/members/{member.pk}/", 80),
        ("interests: MO's registers", officer, "/interests/office/", 150),
        ("interests: MO dashboard", officer, "/", 150),
    ]


@transaction.atomic
def _registers():
    members = list(
        Member.objects.filter(
            authority__slug="bench-district", user__isnull=True, interest_register__isnull=True
        )
    )
    if not members:
        return
    rng = random.Random(16)
    categories = list(Category.objects.filter(is_active=True))
    now = timezone.now()
    registers = Register.objects.bulk_create(
        [
            Register(member=m, first_submitted_at=now, last_submitted_at=now, published_at=now)
            for m in members
        ],
        batch_size=1000,
    )
    versions = Return.objects.bulk_create(
        [
            Return(register=r, number=1, status=Status.PUBLISHED, submitted_at=now, published_at=now)
            for r in registers
        ],
        batch_size=1000,
    )
    entries, gifts = [], []
    for register, version in zip(registers, versions, strict=True):
        register.published_return = version
        for i in range(ENTRIES_EACH):
            sensitive = rng.random() < 0.1
            entries.append(
                Entry(
                    return_version=version,
                    category=categories[(i * 2) % len(categories)],
                    whose=Whose.PARTNER if i % 3 == 0 else Whose.MEMBER,
                    description=" ".join(rng.sample(WORDS, 4)),
                    sensitive=Sensitivity.AGREED if sensitive else Sensitivity.NOT_ASKED,
                    sensitive_reason="Bench reason" if sensitive else "",
                )
            )
        for days in (rng.randint(40, 700), rng.randint(40, 700)):
            received = timezone.localdate() - datetime.timedelta(days=days)
            lag = rng.randint(0, 35)  # most within the 28 days, some late
            gifts.append(
                Gift(
                    member_id=register.member_id,
                    giver="Bench Giver Ltd",
                    description="Dinner",
                    value=Decimal(rng.randint(10, 200)),
                    received_on=received,
                    accepted=rng.random() < 0.8,
                    declared_at=now - datetime.timedelta(days=days - lag),
                    is_late=lag > 28,
                )
            )
    Entry.objects.bulk_create(entries, batch_size=2000)
    Gift.objects.bulk_create(gifts, batch_size=2000)
    Register.objects.bulk_update(registers, ["published_return"], batch_size=1000)


def _own(councillor, officer):
    member = councillor.member
    register = services.register_for(member)
    if register.returns.filter(status=Status.DRAFT).exists():
        return member
    draft, _ = services.draft_start(member=member, actor=councillor)
    categories = list(Category.objects.filter(is_active=True))
    for i in range(OWN_ENTRIES):
        services.entry_add(
            member=member,
            actor=councillor,
            category=categories[i % len(categories)],
            description=f"Bench interest {i}: " + " ".join(WORDS[: 1 + i % 5]),
        )
    version, _ = services.return_submit(member=member, actor=councillor, draft_id=draft.pk)
    services.return_publish(version_id=version.pk, actor=officer)
    services.draft_start(member=member, actor=councillor)
    for i in range(10):
        services.gift_declare(
            member=member,
            actor=councillor,
            giver="Bench Chamber",
            description=f"Lunch {i}",
            value=Decimal(60),
            received_on=timezone.localdate() - datetime.timedelta(days=i),
            accepted=True,
            token=uuid.uuid5(uuid.NAMESPACE_URL, f"bench-interests-gift-{i}"),
        )
    return member
