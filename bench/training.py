"""Benchmark data and pages for training: sessions and bookings at the run's scale.

40 courses; the scale's sessions (5,000 at the large scale) spread over four
years around today; each with the scale's bookings per session (40 at the large
scale, so 200,000 bookings), some on waiting lists, the past ones with marked
registers; the completions those registers create; an induction pack given to
a cohort. Courses and sessions are bulk inserts, bookings and completions one
INSERT ... SELECT each. ``notes`` prints the course list's query plan.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bench.data import bench_members
from bench.scale import step
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


def build(people):
    scale = people["scale"]
    if not Course.objects.filter(slug__startswith=PREFIX).exists():
        bookings = scale.sessions * scale.bookings_per_session
        with step(f"training: {scale.sessions:,} sessions, {bookings:,} bookings, their completions"):
            _build(people, scale)
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
def _build(people, scale):
    now = timezone.now()
    today = timezone.localdate()
    councillor_member = Member.objects.get(user=people["councillor"])
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
    # Four years of sessions around today at the large scale; a few weeks at the small.
    span = datetime.timedelta(days=min(scale.sessions, 1460))
    per_session = scale.bookings_per_session
    sessions = []
    for n in range(scale.sessions):
        start = now + span * (n - scale.sessions / 2) / scale.sessions
        start = start.replace(minute=0, second=0, microsecond=0)
        sessions.append(
            Session(
                course=courses[n % COURSES],
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                capacity=per_session - (n % 4) * per_session // 8,  # the smaller ones have waiting lists
                venue="Committee Room 1",
                trainer="Bench trainer",
            )
        )
    Session.objects.bulk_create(sessions, batch_size=2000)
    members = bench_members().count()
    with connection.cursor() as cursor:
        # Session n books the members numbered (7919 n + 53 k) mod M for k < per_session:
        # distinct members (53 and M share no factor here), every member about equally often.
        cursor.execute(
            """
            WITH s AS (
                SELECT s.id, s.capacity, s.starts_at, s.ends_at, row_number() OVER (ORDER BY s.id) AS n
                FROM training_session AS s JOIN training_course AS c ON c.id = s.course_id
                WHERE c.slug LIKE %(prefix)s
            ), m AS (
                SELECT member.id, row_number() OVER (ORDER BY member.id) - 1 AS n
                FROM portal_member AS member JOIN portal_authority AS a ON a.id = member.authority_id
                WHERE a.slug LIKE 'bench-%%'
            )
            INSERT INTO training_booking (
                status, queued_at, booked_at, attendance, attendance_marked_at,
                created_at, updated_at, member_id, session_id
            )
            SELECT
                CASE WHEN k < s.capacity THEN 'booked' ELSE 'waiting' END,
                CASE WHEN k >= s.capacity THEN s.starts_at - interval '9 days' + k * interval '1 minute' END,
                CASE WHEN k < s.capacity THEN s.starts_at - interval '10 days' END,
                CASE
                    WHEN s.starts_at >= now() OR k >= s.capacity THEN ''
                    WHEN (s.n + k) %% 10 < 8 THEN 'attended'
                    WHEN (s.n + k) %% 10 = 8 THEN 'absent'
                    ELSE 'no_show'
                END,
                CASE WHEN s.starts_at < now() AND k < s.capacity THEN s.ends_at END,
                s.starts_at - interval '10 days', s.starts_at - interval '10 days', m.id, s.id
            FROM s CROSS JOIN generate_series(0, %(per_session)s - 1) AS k
            JOIN m ON m.n = (s.n * 7919 + k * 53) %% %(members)s
            ON CONFLICT DO NOTHING
            """,
            {"prefix": PREFIX + "%", "per_session": per_session, "members": members},
        )
        cursor.execute(
            """
            INSERT INTO training_completion (
                source, status, completed_on, expires_on, issued_by, member_note, evidence,
                evidence_name, rejection_reason, created_at, updated_at, booking_id, member_id, course_id
            )
            SELECT
                'session', 'verified', (s.starts_at AT TIME ZONE %(tz)s)::date,
                ((s.starts_at AT TIME ZONE %(tz)s)::date + make_interval(months => c.refresher_months))::date,
                '', '', '', '', '', s.ends_at, s.ends_at, b.id, b.member_id, c.id
            FROM training_booking AS b
            JOIN training_session AS s ON s.id = b.session_id
            JOIN training_course AS c ON c.id = s.course_id
            WHERE b.attendance = 'attended' AND c.slug LIKE %(prefix)s
            """,
            {"prefix": PREFIX + "%", "tz": settings.TIME_ZONE},
        )
    pack = InductionPack.objects.create(name="Bench induction", slug="bench-induction", opens_on=today)
    InductionItem.objects.bulk_create(
        [InductionItem(pack=pack, position=n, course=courses[n], due_days=30 * (n + 1)) for n in range(6)]
    )
    InductionAssignment.objects.bulk_create(
        [
            InductionAssignment(pack=pack, member=member, start_date=member.term_start, how="cohort")
            for member in [councillor_member, *bench_members().order_by("pk")[: scale.cohort]]
        ],
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather in time
        for model in (Session, Booking, Completion, InductionAssignment):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def pages(people):
    support, councillor = people["support"], people["councillor"]
    return [
        ("course list", councillor, "/training/", "member"),
        ("session page", councillor, f"/training/sessions/{people['training_session'].pk}/", "member"),
        ("training record", councillor, "/training/record/", "member"),
        (
            "session register",
            support,
            f"/training/sessions/{people['training_register'].pk}/register/",
            "officer",
        ),
        ("induction cohort", support, f"/training/induction/{people['training_pack'].slug}/", "officer"),
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
