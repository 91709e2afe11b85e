"""Demo training for ``seed_demo``: courses, past and future sessions, full sessions with
waiting lists, marked registers, completions (some expired), declarations waiting to be
checked, and induction packs, one given to Aisha Rahman and part-way done.

Courses, sessions and induction packs are reference data, made directly and keyed on
natural keys. Everything members and Member Support do (book, join a waiting list, mark
a register, record, declare, assign, cancel a session, give a pack) goes through the
training services with emails off, and is then moved back to its day. Dates move with
``command.today``; running it again adds nothing.
"""

import random

from django.utils import timezone

from portal.demo import emails_off
from portal.models import CommitteeMembership, Member, User
from training import services
from training.models import Booking, Completion, Course, Session

from .bookings import fill_sessions
from .courses import make_courses
from .induction import induction
from .records import assignments, declarations, other_completions
from .sessions import make_sessions

AISHA = "cllr.new@example.org"
MORGAN = "cllr.ward@example.org"
SUPPORT = "support@example.org"


def seed(command) -> list[str]:
    today = command.today
    rng = random.Random(44)  # its own generator, so other apps' demo data picks the same people
    support = User.objects.filter(email=SUPPORT).first()
    district = Member.objects.filter(email=MORGAN).values_list("authority_id", flat=True).first()
    if district is None:
        return ["Training: skipped (the demo people are missing)."]
    courses = make_courses(district)
    people = _people(district)
    sessions = make_sessions(courses, today)
    with emails_off():
        fill_sessions(sessions, people, rng, support)
        other_completions(courses, people, rng, today, support)
        declarations(courses, people, today)
        assignments(courses, people, support, today)
        packs = induction(courses, people, support, today)
        for member in (people["aisha"], people["morgan"]):
            services.feed_for(member=member)
    now = timezone.now()
    waiting = Booking.objects.filter(status=Booking.Status.WAITING, session__starts_at__gt=now).count()
    expired = Completion.objects.verified().filter(expires_on__lt=today).count()
    return [
        f"Training: {Course.objects.count()} courses, {Session.objects.count()} sessions "
        f"({Session.objects.filter(starts_at__gt=now).count()} to come), "
        f"{Booking.objects.count()} bookings ({waiting} on waiting lists), "
        f"{Completion.objects.count()} completion records ({expired} expired), "
        f"{packs} induction packs."
    ]


def _people(district) -> dict:
    members = list(
        Member.objects.current()
        .filter(authority_id=district, member_type=Member.MemberType.COUNCILLOR)
        .order_by("pk")
    )
    by_email = {m.email: m for m in members}
    aisha, morgan = by_email[AISHA], by_email[MORGAN]
    on = {}
    for membership in CommitteeMembership.objects.current().filter(committee__authority_id=district):
        on.setdefault(membership.committee.slug, []).append(membership.member_id)
    by_pk = {m.pk: m for m in members}
    planning = [
        by_pk[pk] for pk in sorted(set(on.get("planning", [])) | set(on.get("licensing", []))) if pk in by_pk
    ]
    others = [m for m in members if m.pk not in {aisha.pk, morgan.pk}]
    return {
        "aisha": aisha,
        "morgan": morgan,
        "councillors": members,
        "others": others,
        "planning": [m for m in planning if m.pk != morgan.pk],
    }
