"""The bench's authorities, members and signed-in people, at the run's scale (made once)."""

import datetime
import random

from django.contrib.auth.models import Group
from django.db import transaction

from bench.scale import step
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


def build(people: dict) -> dict:
    """Add the bench authorities, members and people to ``people`` (made once)."""
    scale = people["scale"]
    district, _ = Authority.objects.get_or_create(
        slug="bench-district", defaults={"name": "Bench District Council", "kind": Authority.Kind.DISTRICT}
    )
    if not Member.objects.filter(authority__slug__startswith="bench-").exists():
        with step(f"members: {scale.members:,} in {scale.authorities} authorities") as progress:
            _fill(district, scale, progress)
    support = _user("bench.support@example.org", roles.MEMBER_SUPPORT_OFFICER)
    councillor = _user("bench.cllr@example.org", roles.COUNCILLOR)
    if not hasattr(councillor, "member"):
        member = Member.objects.filter(authority=district, user__isnull=True).order_by("pk").first()
        member.user = councillor
        member.save(update_fields=["user"])
        councillor = User.objects.get(pk=councillor.pk)
    people.update(support=support, councillor=councillor)
    return people


def pages(people):
    """The portal's own pages: the dashboards every feature adds a panel to."""
    return [
        ("councillor dashboard", people["councillor"], "/", "member"),
        ("Member Support dashboard", people["support"], "/", "member"),
    ]


def bench_members():
    """Every member the bench made, in every bench authority."""
    return Member.objects.filter(authority__slug__startswith="bench-")


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
def _fill(district, scale, progress):
    rng = random.Random(scale.members)
    authorities = [district] + [
        Authority.objects.get_or_create(
            slug=f"bench-parish-{n:02}",
            defaults={
                "name": f"Bench Parish Council {n:02}",
                "kind": Authority.Kind.PARISH if n % 4 else Authority.Kind.TOWN,
                "parent": district,
            },
        )[0]
        for n in range(1, scale.authorities)
    ]
    committees = [
        Committee.objects.get_or_create(
            authority=district, slug=f"committee-{i}", defaults={"name": f"Committee {i}"}
        )[0]
        for i in range(12)
    ]
    batch = []
    for i in range(scale.members):
        # Half the members sit on the district council, the rest on its parishes.
        authority = district if i % 2 == 0 else authorities[1 + (i // 2) % (len(authorities) - 1)]
        batch.append(
            Member(
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                email=f"bench.member{i}@example.org",
                authority=authority,
                ward=f"Ward {rng.randint(1, 60)}",
                political_group=rng.choice(GROUPS),
                term_start=datetime.date(2023, 5, 4),
                term_end=datetime.date(2027, 5, 6),
                external_id=f"B{i}",
            )
        )
    Member.objects.bulk_create(batch, batch_size=1000)
    progress(1, 2)
    memberships = [
        CommitteeMembership(committee=rng.choice(committees), member=m, start_date=datetime.date(2023, 5, 20))
        for m in batch
        if m.authority_id == district.pk
    ]
    CommitteeMembership.objects.bulk_create(memberships, batch_size=1000, ignore_conflicts=True)
    progress(2, 2)
