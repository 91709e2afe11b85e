"""Fill the database with a fictional district for demonstrations and local work.

Every row is keyed on a natural key (an email, a slug, a committee-system ID),
so running the command again updates the same rows instead of adding more.
Everyone in it is made up; the emails are all at example.org.
"""

import datetime
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal import roles, services
from portal.demo import DEMO_LOGINS, demo_password, emails_off, ensure_recovery_codes, ensure_totp
from portal.demo_district import (
    AWAITING_FIRST_SIGN_IN,
    COMMITTEES,
    COUNCILLOR_NAMES,
    GROUPS,
    NOT_INVITED,
    PARISH_FIRST_NAMES,
    PARISH_LAST_NAMES,
    PARISHES,
    WARDS,
    WITHOUT_EMAIL,
)
from portal.discovery import app_modules
from portal.models import AuditEvent, Authority, Committee, CommitteeMembership, Member, User

# Each feature app adds its part of the demo in a ``demo`` module with a
# ``seed(command) -> list[str]`` function, run in INSTALLED_APPS (layer) order
# after the people exist, inside the same transaction. It returns lines for
# the summary.


def feature_demos():
    return app_modules("demo")


ELECTION_DAY = datetime.date(2023, 5, 4)
NEXT_ELECTION_DAY = datetime.date(2027, 5, 6)
ANNUAL_MEETING = datetime.date(2023, 5, 20)
FIRST_INVITATIONS = datetime.datetime(2023, 5, 22, 9, 30, tzinfo=datetime.UTC)
# A fixed salt makes the demo password hash the same on every run, so a second
# run leaves the user rows exactly as they were.
PASSWORD_SALT = "fellbridgedemo"
NO_PASSWORD = UNUSABLE_PASSWORD_PREFIX + "demo-account-without-a-password"


@dataclass
class Seed:
    """What one run made, for the summary."""

    councillors: int = 0
    left: int = 0
    co_opted: int = 0
    parishes: int = 0
    parish_members: int = 0
    committees: int = 0
    places: int = 0
    logins: int = 0


def email_for(full_name: str) -> str:
    return full_name.lower().replace(" ", ".") + "@example.org"


def split_name(full_name: str) -> tuple[str, str]:
    first, _, last = full_name.rpartition(" ")
    return first, last


class Command(BaseCommand):
    help = "Load a fictional district, its members and demo logins. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even on a real site (DEBUG and PORTAL_LOCAL_DEMO off). "
            "The demo logins share a published password.",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or settings.LOCAL_DEMO) and not force:
            raise CommandError(
                "seed_demo refuses to run on a real site (DEBUG and PORTAL_LOCAL_DEMO off): it creates "
                "accounts with a published password and two-factor secret. Use --force only on a "
                "throwaway demonstration site."
            )
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.rng = random.Random(2023)  # fixed, so every run picks the same people
        self.password_hash = make_password(demo_password(), salt=PASSWORD_SALT)
        self.groups = {group.name: group for group in Group.objects.filter(name__in=roles.role_permissions())}
        self.seed = Seed()
        self.invitations = []  # (member, when they were invited), for members not invited yet
        with transaction.atomic():
            district = self.make_district()
            councillors = self.make_councillors(district)
            co_opted = self.make_co_opted(district)
            self.make_parishes(district)
            self.make_committees(district, councillors, co_opted)
            self.make_officers()
            self.send_invitations()
            feature_lines = self.seed_features()
        self.print_summary(district, feature_lines)

    def seed_features(self) -> list[str]:
        return [line for module in feature_demos() for line in module.seed(self)]

    # --- People -------------------------------------------------------------

    def make_user(self, email, full_name, *, role_names=(), password=None, last_login=None, **extra):
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "full_name": full_name,
                "password": password or NO_PASSWORD,
                "is_active": True,
                "last_login": last_login,
                **extra,
            },
        )
        user.groups.set([self.groups[name] for name in role_names])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        return user

    def make_login(self, email, *, role_names=(), last_login=None, **extra):
        full_name = next(name for login, name, _ in DEMO_LOGINS if login == email)
        self.seed.logins += 1
        user = self.make_user(
            email,
            full_name,
            role_names=role_names,
            password=self.password_hash,
            last_login=last_login,
            **extra,
        )
        user = User.objects.get(pk=user.pk)  # a fresh object: has_perm caches permissions
        if user.is_superuser or user.has_perm("portal.requires_mfa"):
            ensure_totp(user)
            ensure_recovery_codes(user)
        return user

    def make_member(self, authority, external_id, full_name, **fields):
        first_name, last_name = split_name(full_name)
        defaults = {
            "first_name": first_name,
            "last_name": last_name,
            "email": "",
            "ward": "",
            "political_group": "",
            "member_type": Member.MemberType.COUNCILLOR,
            "term_start": ELECTION_DAY,
            "term_end": NEXT_ELECTION_DAY,
            "status": Member.Status.ACTIVE,
            "left_on": None,
            "user": None,
        }
        invited_at = fields.pop("invited_at", None)
        defaults.update(fields)
        member, _ = Member.objects.update_or_create(
            authority=authority, external_id=external_id, defaults=defaults
        )
        if invited_at and member.invited_at is None:
            self.invitations.append((member, invited_at))
        return member

    def make_district(self):
        district, _ = Authority.objects.update_or_create(
            slug="fellbridge",
            defaults={
                "name": settings.COUNCIL_NAME,
                "kind": Authority.Kind.DISTRICT,
                "parent": None,
                "website": "https://www.example.org/",
            },
        )
        return district

    def make_councillors(self, district) -> dict[str, Member]:
        """40 serving councillors, four of them demo logins, and three who have left."""
        seats = [ward for ward, count in WARDS for _ in range(count)]
        demo_seats = {
            "Riverside": "Morgan Hale",
            "Castlegate": "Dana Whitlock",
            "Thornleigh": "Aisha Rahman",
            "Hillside": "Jo Pennant",
        }
        names = iter(COUNCILLOR_NAMES)
        members = {}
        for number, ward in enumerate(seats, start=1):
            name = demo_seats.pop(ward, None) or next(names)
            members[name] = self.make_councillor(district, number, ward, name)
        self.seed.councillors = len(members)
        self.make_leavers(district)
        return members

    def make_councillor(self, district, number, ward, name):
        group = GROUPS[self.rng.choice([0, 0, 0, 1, 1, 1, 2, 2, 3, 4])]
        fields = {"ward": ward, "political_group": group}
        user = None
        if name == "Morgan Hale":
            user = self.make_login(
                "cllr.ward@example.org",
                role_names=[roles.COUNCILLOR],
                last_login=self.now - datetime.timedelta(days=3),
            )
            fields.update(term_start=datetime.date(2011, 5, 5), invited_at=FIRST_INVITATIONS)
        elif name == "Dana Whitlock":
            user = self.make_login(
                "mssg@example.org",
                role_names=[roles.COUNCILLOR, roles.STEERING_GROUP_MEMBER],
                last_login=self.now - datetime.timedelta(days=12),
            )
            fields.update(term_start=datetime.date(2019, 5, 2), invited_at=FIRST_INVITATIONS)
        elif name == "Aisha Rahman":
            # Won the Thornleigh by-election three weeks ago; invited, not yet signed in.
            term_start = self.today - datetime.timedelta(weeks=3)
            user = self.make_login("cllr.new@example.org", role_names=[roles.COUNCILLOR])
            fields.update(
                term_start=term_start,
                invited_at=timezone.make_aware(
                    datetime.datetime.combine(term_start + datetime.timedelta(days=2), datetime.time(10))
                ),
            )
        elif name not in WITHOUT_EMAIL and name not in NOT_INVITED:
            awaiting = name in AWAITING_FIRST_SIGN_IN
            invited_at = self.now - datetime.timedelta(days=9) if awaiting else FIRST_INVITATIONS
            last_login = None if awaiting else self.now - datetime.timedelta(days=self.rng.randint(1, 60))
            user = self.make_user(email_for(name), name, role_names=[roles.COUNCILLOR], last_login=last_login)
            fields["invited_at"] = invited_at
        email = "" if name in WITHOUT_EMAIL else (user.email if user else email_for(name))
        return self.make_member(district, f"FDC-{number:03d}", name, email=email, user=user, **fields)

    def make_leavers(self, district):
        resigned_on = self.today - datetime.timedelta(weeks=10)
        leavers = [
            ("Victor Ames", "Thornleigh", ELECTION_DAY, resigned_on),
            ("Patricia Dunstan", "Millbeck", datetime.date(2015, 5, 7), ELECTION_DAY),
            ("Roger Felton", "Eastwick", datetime.date(2019, 5, 2), ELECTION_DAY),
        ]
        for number, (name, ward, term_start, left_on) in enumerate(leavers, start=901):
            self.make_member(
                district,
                f"FDC-{number:03d}",
                name,
                email=email_for(name),
                ward=ward,
                political_group=GROUPS[number % len(GROUPS)],
                term_start=term_start,
                term_end=left_on,
                status=Member.Status.LEFT,
                left_on=left_on,
            )
        self.seed.left = len(leavers)

    def make_co_opted(self, district) -> dict[str, Member]:
        """Three independent members: two on Standards, one on Audit."""
        term = {"term_start": datetime.date(2023, 7, 1), "term_end": datetime.date(2027, 6, 30)}
        sam = self.make_login(
            "coopted@example.org",
            role_names=[roles.CO_OPTED_MEMBER],
            last_login=self.now - datetime.timedelta(days=20),
        )
        people = [
            ("Sam Okafor", {"user": sam, "email": sam.email, "invited_at": FIRST_INVITATIONS}),
            ("Bridget Conway", {"email": email_for("Bridget Conway")}),
            ("Anil Kapoor", {"email": email_for("Anil Kapoor")}),
        ]
        members = {}
        for number, (name, fields) in enumerate(people, start=1):
            members[name] = self.make_member(
                district,
                f"FDC-C{number:02d}",
                name,
                member_type=Member.MemberType.CO_OPTED,
                **term,
                **fields,
            )
        self.seed.co_opted = len(members)
        return members

    def make_parishes(self, district):
        """Five parish and town councils whose members have no logins."""
        for name, slug, kind, clerk, size in PARISHES:
            parish, _ = Authority.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "kind": kind,
                    "parent": district,
                    "clerk_name": clerk,
                    "clerk_email": f"clerk.{slug}@example.org",
                    "website": "",
                },
            )
            ward = name.removesuffix(" Parish Council").removesuffix(" Town Council")
            for number in range(1, size + 1):
                full_name = f"{self.rng.choice(PARISH_FIRST_NAMES)} {self.rng.choice(PARISH_LAST_NAMES)}"
                has_email = self.rng.random() < 0.7
                left = number == size and slug == "kirkby-moor"
                self.make_member(
                    parish,
                    f"{slug.upper()}-{number:02d}",
                    full_name,
                    email=f"{full_name.lower().replace(' ', '.')}.{slug}@example.org" if has_email else "",
                    ward=ward,
                    status=Member.Status.LEFT if left else Member.Status.ACTIVE,
                    term_end=datetime.date(2025, 3, 31) if left else NEXT_ELECTION_DAY,
                    left_on=datetime.date(2025, 3, 31) if left else None,
                )
                self.seed.parish_members += 0 if left else 1
            self.seed.parishes += 1

    # --- Committees ---------------------------------------------------------

    def make_committees(self, district, councillors, co_opted):
        fixed = {
            "planning": [("Morgan Hale", CommitteeMembership.Role.VICE_CHAIR)],
            "licensing": [("Morgan Hale", CommitteeMembership.Role.MEMBER)],
            "overview-and-scrutiny": [
                ("Dana Whitlock", CommitteeMembership.Role.CHAIR),
                ("Aisha Rahman", CommitteeMembership.Role.MEMBER),
            ],
            "standards": [("Sam Okafor", None), ("Bridget Conway", None)],
            "audit": [("Anil Kapoor", None)],
        }
        people = {**councillors, **co_opted}
        others = sorted(set(councillors) - {"Morgan Hale", "Dana Whitlock", "Aisha Rahman"})
        cabinet = set()
        for name, slug, seats, description in COMMITTEES:
            committee, _ = Committee.objects.update_or_create(
                authority=district,
                slug=slug,
                defaults={"name": name, "description": description, "is_active": True},
            )
            self.seed.committees += 1
            places = list(fixed.get(slug, []))
            taken = {person for person, _ in places}
            pool = [
                n for n in others if n not in taken and (slug != "overview-and-scrutiny" or n not in cabinet)
            ]
            councillor_places = sum(1 for person, _ in places if person in councillors)
            for person in self.rng.sample(pool, seats - councillor_places):
                places.append((person, None))
            if slug == "cabinet":
                cabinet = {person for person, _ in places}
            self.place_members(committee, places, people)
        # Victor Ames sat on Planning until he resigned.
        victor = Member.objects.get(authority=district, external_id="FDC-901")
        planning = Committee.objects.get(authority=district, slug="planning")
        self.make_place(planning, victor, CommitteeMembership.Role.MEMBER, ANNUAL_MEETING, victor.left_on)

    def place_members(self, committee, places, people):
        chairs = [CommitteeMembership.Role.CHAIR, CommitteeMembership.Role.VICE_CHAIR]
        for _, role in places:
            if role in chairs:
                chairs.remove(role)
        for name, role in places:
            member = people[name]
            if role is None:
                is_councillor = member.member_type == Member.MemberType.COUNCILLOR
                role = chairs.pop(0) if chairs and is_councillor else CommitteeMembership.Role.MEMBER
            start = max(ANNUAL_MEETING, member.term_start + datetime.timedelta(days=7))
            self.make_place(committee, member, role, start, None)

    def make_place(self, committee, member, role, start_date, end_date):
        CommitteeMembership.objects.update_or_create(
            committee=committee,
            member=member,
            defaults={"role": role, "start_date": start_date, "end_date": end_date},
        )
        self.seed.places += 1

    # --- Officers -------------------------------------------------------------

    def make_officers(self):
        for email, role in [
            ("mo@example.org", roles.MONITORING_OFFICER),
            ("deputy.mo@example.org", roles.DEPUTY_MONITORING_OFFICER),
            ("support@example.org", roles.MEMBER_SUPPORT_OFFICER),
            ("ip@example.org", roles.INDEPENDENT_PERSON),
        ]:
            self.make_login(email, role_names=[role])
        self.make_login("admin@example.org", is_staff=True, is_superuser=True)

    def send_invitations(self):
        """Member Support invites the members who have logins, through the invitation service."""
        support = User.objects.get(email="support@example.org")
        with emails_off():
            for member, invited_at in self.invitations:
                since = timezone.now()
                services.member_invite(member=member, actor=support)
                self._backdate_invitation(member, since=since, to=invited_at)

    @staticmethod
    def _backdate_invitation(member, *, since, to):
        """The service stamps "now": move the invitation and its audit row back to when it was sent."""
        Member.objects.filter(pk=member.pk).update(invited_at=to)
        AuditEvent.objects.filter(
            action=AuditEvent.Action.MEMBER_INVITED, object_id=str(member.pk), created_at__gte=since
        ).update(created_at=to)

    def print_summary(self, district, feature_lines=()):
        seed = self.seed
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready for {district.name}:")
            + f"\n  {seed.councillors} serving councillors in {len(WARDS)} wards, "
            f"{seed.co_opted} co-opted members and {seed.left} former councillors"
            f"\n  {seed.parishes} parish and town councils with {seed.parish_members} serving members"
            f"\n  {seed.committees} committees with {seed.places} places"
            + "".join(f"\n  {line}" for line in feature_lines)
            + f"\n  {seed.logins} demo logins: run `manage.py demo_logins` to list them"
        )
