"""Generate a large, plausible data set for the benchmark (idempotent by scale)."""

import datetime
import random

from django.contrib.auth.models import Group
from django.db import transaction

from portal import roles
from portal.demo import ensure_totp
from portal.models import Authority, Committee, CommitteeMembership, Member, User

FIRST = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Morgan", "Jamie", "Casey", "Drew", "Leigh", "Kit"]
# Surnames built from parts give a realistic spread (about 600 names), so a
# search for one name is as selective as it is in a real member list.
_STEMS = [
    "Hart",
    "Ash",
    "Brad",
    "Cole",
    "Dun",
    "Fair",
    "Green",
    "Hol",
    "King",
    "Lang",
    "Mar",
    "Nor",
    "Oak",
    "Pen",
    "Red",
    "Stan",
    "Thorn",
    "Wal",
    "Wood",
    "York",
    "Ald",
    "Bel",
    "Cal",
    "Dray",
    "Fen",
    "Gar",
    "Hay",
    "Kel",
    "Lock",
    "Mor",
]
_ENDINGS = [
    "ley",
    "ford",
    "well",
    "ton",
    "wood",
    "by",
    "field",
    "more",
    "stone",
    "worth",
    "ham",
    "ridge",
    "brook",
    "land",
    "shaw",
    "cott",
    "wick",
    "den",
    "er",
    "ing",
]
LAST = [stem + ending for stem in _STEMS for ending in _ENDINGS]
GROUPS = ["Fellbridge Independents", "Valley Alliance", "Green Future", "Civic Party", "Independent"]


def build(*, members: int) -> dict:
    """Return the people the benchmark signs in as, making the data if needed."""
    district, _ = Authority.objects.get_or_create(
        slug="bench-district", defaults={"name": "Bench District Council", "kind": Authority.Kind.DISTRICT}
    )
    existing = Member.objects.filter(authority=district).count()
    if existing < members:
        _fill(district, members - existing, start=existing)
    support = _user("bench.support@example.org", roles.MEMBER_SUPPORT_OFFICER)
    councillor = _user("bench.cllr@example.org", roles.COUNCILLOR)
    member = Member.objects.filter(authority=district, user__isnull=True).first()
    if member and not hasattr(councillor, "member"):
        member.user = councillor
        member.save(update_fields=["user"])
    return {"support": support, "councillor": councillor}


def _user(email, role):
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": email.split("@")[0]})
    if created:
        user.set_password("bench-password-123")
        user.save()
        user.groups.add(Group.objects.get(name=role))
    if user.has_perm("portal.requires_mfa"):
        ensure_totp(user)
    return user


@transaction.atomic
def _fill(district, count, *, start):
    rng = random.Random(start)
    committees = [
        Committee.objects.get_or_create(
            authority=district, slug=f"committee-{i}", defaults={"name": f"Committee {i}"}
        )[0]
        for i in range(12)
    ]
    batch = [
        Member(
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            email=f"bench.member{start + i}@example.org",
            authority=district,
            ward=f"Ward {rng.randint(1, 60)}",
            political_group=rng.choice(GROUPS),
            term_start=datetime.date(2023, 5, 4),
            term_end=datetime.date(2027, 5, 6),
            external_id=f"B{start + i}",
        )
        for i in range(count)
    ]
    Member.objects.bulk_create(batch, batch_size=1000)
    memberships = [
        CommitteeMembership(committee=rng.choice(committees), member=m, start_date=datetime.date(2023, 5, 20))
        for m in batch
    ]
    CommitteeMembership.objects.bulk_create(memberships, batch_size=1000, ignore_conflicts=True)
