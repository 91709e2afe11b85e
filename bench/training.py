"""Benchmark data and pages for training: a few hundred sessions and thousands of bookings.

40 courses, 400 sessions (half past, half to come), about 8,000 bookings with waiting
lists and marked registers, the completions those registers create, and an induction
pack given to 1,000 members. Made once with bulk inserts; later runs reuse it.
``notes`` prints the course list's query plan.
"""

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from portal.models import Committee, Member
from training import selectors
from training.models import (
    Booking,
    CommitteeRequirement,
    Completion,
    Course,
    InductionAssignment,
    InductionItem,
    InductionPack,
    Session,
)

PREFIX = "bench-course-"
COURSES = 40
SESSIONS = 400
PER_SESSION = 20  # bookings per session, some of them on the waiting list
COHORT = 1000


def build(people):
    if not Course.objects.filter(slug__startswith=PREFIX).exists():
        _build(people)
    people["training_register"] = (
        Session.objects.filter(course__slug__startswith=PREFIX, starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    people["training_session"] = (
        Session.objects.filter(course__slug__startswith=PREFIX, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    people["training_pack"] = InductionPack.objects.get(slug="bench-induction")


@transaction.atomic
def _build(people):
    rng = random.Random(404)
    now = timezone.now()
    today = timezone.localdate()
    councillor_member = Member.objects.get(user=people["councillor"])
    members = list(Member.objects.filter(authority=councillor_member.authority).order_by("pk")[:3000])
    courses = Course.objects.bulk_create(
        [
            Course(
                slug=f"{PREFIX}{n:03}",
                title=f"Bench course {n:03}",
                summary="A course for the benchmark.",
                delivery=[Course.Delivery.IN_PERSON, Course.Delivery.ONLINE, Course.Delivery.E_LEARNING][
                    n % 3
                ],
                requirement=Course.Requirement.ALL_MEMBERS if n % 10 == 0 else Course.Requirement.OPTIONAL,
                refresher_months=[None, 12, 24, 48][n % 4],
            )
            for n in range(COURSES)
        ]
    )
    committee = Committee.objects.filter(authority=councillor_member.authority).order_by("pk").first()
    if committee:
        CommitteeRequirement.objects.create(committee=committee, course=courses[1])
    sessions = []
    for n in range(SESSIONS):
        start = now + datetime.timedelta(days=n - SESSIONS // 2, hours=rng.randint(-3, 3))
        sessions.append(
            Session(
                course=courses[n % COURSES],
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                capacity=rng.choice([12, 16, 20, 30]),
                venue="Committee Room 1",
                trainer="Bench trainer",
            )
        )
    Session.objects.bulk_create(sessions)
    bookings = []
    for session in sessions:
        chosen = rng.sample(members, PER_SESSION)
        if session.pk % 15 == 0:
            chosen[0] = councillor_member
        past = session.starts_at < now
        for position, member in enumerate(chosen):
            booked = position < session.capacity
            attendance = ""
            if past and booked:
                attendance = rng.choice(["attended"] * 8 + ["absent", "no_show"])
            bookings.append(
                Booking(
                    session=session,
                    member=member,
                    status=Booking.Status.BOOKED if booked else Booking.Status.WAITING,
                    booked_at=session.starts_at - datetime.timedelta(days=10) if booked else None,
                    queued_at=None
                    if booked
                    else session.starts_at - datetime.timedelta(days=9, minutes=-position),
                    attendance=attendance,
                )
            )
    Booking.objects.bulk_create(bookings, batch_size=2000, ignore_conflicts=True)
    attended = Booking.objects.filter(session__in=sessions, attendance="attended").select_related(
        "session__course"
    )
    completions = []
    for booking in attended.iterator(chunk_size=2000):
        day = timezone.localdate(booking.session.starts_at)
        completions.append(
            Completion(
                member_id=booking.member_id,
                course=booking.session.course,
                booking=booking,
                source=Completion.Source.SESSION,
                status=Completion.Status.VERIFIED,
                completed_on=day,
                expires_on=booking.session.course.expiry_for(day),
            )
        )
    Completion.objects.bulk_create(completions, batch_size=2000)
    pack = InductionPack.objects.create(name="Bench induction", slug="bench-induction", opens_on=today)
    InductionItem.objects.bulk_create(
        [InductionItem(pack=pack, position=n, course=courses[n], due_days=30 * (n + 1)) for n in range(6)]
    )
    InductionAssignment.objects.bulk_create(
        [
            InductionAssignment(pack=pack, member=member, start_date=member.term_start, how="cohort")
            for member in [councillor_member, *members[:COHORT]]
        ],
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather in time
        for model in (Session, Booking, Completion, InductionAssignment):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def pages(people):
    support, councillor = people["support"], people["councillor"]
    return [
        ("training: course list", councillor, "/training/", 60),
        ("training: my record", councillor, "/training/record/", 80),
        (
            "training: session page (support)",
            support,
            f"/training/sessions/{people['training_session'].pk}/",
            60,
        ),
        ("training: register", support, f"/training/sessions/{people['training_register'].pk}/register/", 80),
        ("training: cohort page", support, f"/training/induction/{people['training_pack'].slug}/", 150),
    ]


def notes(people):
    member = Member.objects.get(user=people["councillor"])
    query = selectors.course_list(member).object_list
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    return [
        "",
        f"Training: {Session.objects.count()} sessions, {Booking.objects.count()} bookings, "
        f"{Completion.objects.count()} completions, "
        f"{InductionAssignment.objects.count()} induction assignments.",
        "Course list query plan (last lines):",
        *("  " + line for line in plan[-6:]),
    ]
