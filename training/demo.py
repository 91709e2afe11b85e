"""Demo training for ``seed_demo``: courses, past and future sessions, full sessions with
waiting lists, marked registers, completions (some expired), declarations waiting to be
checked, and induction packs, one given to Aisha Rahman and part-way done.

Rows are keyed on natural keys (course slugs; each demo session by its course, trainer
and venue; one booking per member per session), so running it again adds nothing. Dates
move with ``command.today``. Rows are written directly rather than through the
services, so that seeding sends no email.
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from guidance.models import Document
from portal.models import Committee, CommitteeMembership, Member, User
from training.models import (
    Booking,
    CalendarFeed,
    CommitteeRequirement,
    Completion,
    Course,
    CourseAssignment,
    InductionAssignment,
    InductionItem,
    InductionPack,
    Session,
)

AISHA = "cllr.new@example.org"
MORGAN = "cllr.ward@example.org"
SUPPORT = "support@example.org"
ELECTION_DAY = datetime.date(2023, 5, 4)
EVIDENCE = b"%PDF-1.4\n% Fellbridge demo certificate\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

COURSES = [
    {
        "slug": "social-media-basics",
        "title": "Social media basics",
        "summary": "Using social media well as a councillor: separate accounts, tone and staying safe.",
        "description": (
            "A practical session from the Communications Team for members who use, or want to use, "
            "social media in their role.\n\n"
            "We cover setting up an official account separate from your personal one, what to post "
            "and when, dealing with difficult comments, and the legal risks: defamation, data "
            "protection, copyright and predetermination. Bring your phone if you would like help "
            "with your own accounts."
        ),
        "provider": Course.Provider.COMMUNICATIONS,
        "delivery": Course.Delivery.ONLINE,
        "duration_minutes": 90,
        "requirement": Course.Requirement.OPTIONAL,
        "refresher_months": None,
        "documents": ["social-media-guide", "social-media-checklist", "legal-risks-online"],
    },
    {
        "slug": "code-of-conduct",
        "title": "Code of Conduct",
        "summary": "What the Code asks of you, how to declare interests and how complaints are handled.",
        "description": (
            "Run by the Monitoring Officer's team in Legal Services. Every member takes it when they "
            "join the council and again every four years.\n\n"
            "We work through the Seven Principles of Public Life, when the Code applies (including "
            "online), registering and declaring interests, and what happens when someone complains."
        ),
        "provider": Course.Provider.LEGAL,
        "delivery": Course.Delivery.IN_PERSON,
        "duration_minutes": 150,
        "requirement": Course.Requirement.ALL_MEMBERS,
        "due_within_days": 60,
        "refresher_months": 48,
        "documents": ["code-of-conduct-summary", "seven-principles-of-public-life"],
    },
    {
        "slug": "planning-and-licensing",
        "title": "Planning and Licensing training",
        "summary": "Required every year before you sit on the Planning or Licensing Committee.",
        "description": (
            "Covers the law and procedure for deciding planning applications and licensing cases: "
            "material considerations, predetermination and bias, site visits, lobbying, and how to "
            "give reasons the council can defend on appeal.\n\n"
            "Members of the Planning and Licensing Committees may not sit until they have completed "
            "it, and must refresh it every 12 months."
        ),
        "provider": Course.Provider.PLANNING,
        "delivery": Course.Delivery.IN_PERSON,
        "duration_minutes": 180,
        "requirement": Course.Requirement.COMMITTEE,
        "refresher_months": 12,
        "committees": ["planning", "licensing"],
        "documents": ["planning-predetermination"],
    },
    {
        "slug": "data-protection-for-members",
        "title": "Data protection for members",
        "summary": "A 40-minute e-learning module on handling residents' personal information in casework.",
        "description": (
            "Take it online at any time. At the end you get a certificate: send it to us from this "
            "page and Member Support will add the course to your record. Refresh it every two years."
        ),
        "provider": Course.Provider.MEMBER_SUPPORT,
        "delivery": Course.Delivery.E_LEARNING,
        "duration_minutes": 40,
        "requirement": Course.Requirement.ALL_MEMBERS,
        "due_within_days": 90,
        "refresher_months": 24,
        "e_learning_url": "https://learning.example.org/fellbridge/data-protection",
        "documents": ["legal-risks-online"],
    },
    {
        "slug": "chairing-meetings",
        "title": "Chairing meetings effectively",
        "summary": "For chairs and vice-chairs: running a fair, focused meeting and handling the public.",
        "description": (
            "An online workshop from the Local Government Association for committee chairs and "
            "vice-chairs, and anyone who would like to chair in future."
        ),
        "provider": Course.Provider.LGA,
        "delivery": Course.Delivery.ONLINE,
        "duration_minutes": 120,
        "requirement": Course.Requirement.OPTIONAL,
        "refresher_months": None,
        "documents": [],
    },
    {
        "slug": "safeguarding-awareness",
        "title": "Safeguarding awareness",
        "summary": "Recognising and reporting concerns about children and adults at risk in your ward.",
        "description": "An e-learning module with a short quiz. Refresh it every three years.",
        "provider": Course.Provider.EXTERNAL,
        "provider_name": "Fellbridge Safeguarding Partnership",
        "delivery": Course.Delivery.E_LEARNING,
        "duration_minutes": 45,
        "requirement": Course.Requirement.OPTIONAL,
        "refresher_months": 36,
        "e_learning_url": "https://learning.example.org/fellbridge/safeguarding",
        "documents": [],
    },
]

TOWN_HALL = "Committee Room 1, Fellbridge Town Hall, Market Street"
CHAMBER = "Council Chamber, Fellbridge Town Hall, Market Street"


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def seed(command) -> list[str]:
    today = command.today
    rng = random.Random(44)  # its own generator, so other apps' demo data picks the same people
    support = User.objects.filter(email=SUPPORT).first()
    district = Member.objects.filter(email=MORGAN).values_list("authority_id", flat=True).first()
    if district is None:
        return ["Training: skipped (the demo people are missing)."]
    courses = _courses(district)
    people = _people(district)
    sessions = _sessions(courses, today)
    counts = {"bookings": 0, "completions": 0}
    _fill_sessions(sessions, people, rng, today, support, counts)
    _other_completions(courses, people, rng, today, support, counts)
    _declarations(courses, people, today)
    _assignments(courses, people, support, today)
    packs = _induction(courses, people, support, today)
    for member in (people["aisha"], people["morgan"]):
        CalendarFeed.objects.get_or_create(member=member)
    waiting = Booking.objects.filter(
        status=Booking.Status.WAITING, session__starts_at__gt=timezone.now()
    ).count()
    expired = Completion.objects.verified().filter(expires_on__lt=today).count()
    return [
        f"Training: {Course.objects.count()} courses, {Session.objects.count()} sessions "
        f"({Session.objects.filter(starts_at__gt=timezone.now()).count()} to come), "
        f"{Booking.objects.count()} bookings ({waiting} on waiting lists), "
        f"{Completion.objects.count()} completion records ({expired} expired), "
        f"{packs} induction packs."
    ]


# --- Courses and people ---------------------------------------------------------------


def _courses(district) -> dict[str, Course]:
    committees = {c.slug: c for c in Committee.objects.filter(authority_id=district)}
    documents = {d.slug: d for d in Document.objects.all()}
    courses = {}
    for spec in COURSES:
        fields = {key: value for key, value in spec.items() if key not in {"slug", "documents", "committees"}}
        course, _ = Course.objects.update_or_create(slug=spec["slug"], defaults=fields)
        course.guidance_documents.set([documents[s] for s in spec["documents"] if s in documents])
        for slug in spec.get("committees", []):
            if slug in committees:
                CommitteeRequirement.objects.get_or_create(course=course, committee=committees[slug])
        courses[spec["slug"]] = course
    return courses


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


# --- Sessions ---------------------------------------------------------------------------


def _session(course, *, trainer, venue, starts, hours, capacity, link="", deadline_days=2, notes=""):
    session, _ = Session.objects.update_or_create(
        course=course,
        trainer=trainer,
        venue=venue,
        joining_link=link,
        defaults={
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=hours),
            "capacity": capacity,
            "booking_deadline": starts - datetime.timedelta(days=deadline_days),
            "notes": notes,
        },
    )
    return session


def _sessions(courses, today) -> dict[str, Session]:
    conduct, social, planning = (
        courses["code-of-conduct"],
        courses["social-media-basics"],
        courses["planning-and-licensing"],
    )
    chairing = courses["chairing-meetings"]
    teams = "https://meet.example.org/fellbridge/"
    sessions = {
        # Code of Conduct: the 2023 induction session, last week's by-election session, one to come.
        "conduct_2023": _session(
            conduct,
            trainer="Ruth Calder, Monitoring Officer",
            venue=CHAMBER,
            starts=_at(datetime.date(2023, 6, 12), 18),
            hours=2.5,
            capacity=45,
        ),
        "conduct_recent": _session(
            conduct,
            trainer="Ian Marr, Deputy Monitoring Officer",
            venue=TOWN_HALL,
            starts=_at(today - datetime.timedelta(days=7), 17, 30),
            hours=2.5,
            capacity=12,
        ),
        "conduct_next": _session(
            conduct,
            trainer="Ruth Calder, Monitoring Officer",
            venue=TOWN_HALL,
            starts=_at(today + datetime.timedelta(days=24), 18),
            hours=2.5,
            capacity=15,
            notes="Please read the Code of Conduct summary in the guidance library before you come.",
        ),
        # Social media basics: one done, one to come online (Aisha booked), one cancelled.
        "social_past": _session(
            social,
            trainer="Leila Haddad, Communications Team",
            venue="",
            link=teams + "social-media-spring",
            starts=_at(today - datetime.timedelta(days=62), 12, 30),
            hours=1.5,
            capacity=20,
        ),
        "social_next": _session(
            social,
            trainer="Tom Pryor, Communications Team",
            venue="",
            link=teams + "social-media-basics",
            starts=_at(today + datetime.timedelta(days=9), 12, 30),
            hours=1.5,
            capacity=12,
            notes="Have your phone or laptop with you if you would like help with your own accounts.",
        ),
        "social_cancelled": _session(
            social,
            trainer="Leila Haddad, Communications Team",
            venue=TOWN_HALL,
            starts=_at(today + datetime.timedelta(days=16), 18),
            hours=1.5,
            capacity=12,
        ),
        # Planning and Licensing: last year's (expired for some), this year's (expiring soon),
        # and the next one, which is full with a waiting list.
        "planning_old": _session(
            planning,
            trainer="Mark Ellison, Head of Planning",
            venue=CHAMBER,
            starts=_at(today - datetime.timedelta(days=430), 14),
            hours=3,
            capacity=25,
        ),
        "planning_recent": _session(
            planning,
            trainer="Mark Ellison, Head of Planning",
            venue=TOWN_HALL,
            starts=_at(today - datetime.timedelta(days=330), 14),
            hours=3,
            capacity=25,
        ),
        "planning_next": _session(
            planning,
            trainer="Sarah Quinn, Planning Solicitor",
            venue=TOWN_HALL,
            starts=_at(today + datetime.timedelta(days=14), 14),
            hours=3,
            capacity=8,
            notes="Lunch is not provided. The session ends with a short mock committee.",
        ),
        "chairing_next": _session(
            chairing,
            trainer="Local Government Association",
            venue="",
            link=teams + "lga-chairing",
            starts=_at(today + datetime.timedelta(days=31), 10),
            hours=2,
            capacity=20,
            deadline_days=5,
        ),
    }
    cancelled = sessions["social_cancelled"]
    if cancelled.status != Session.Status.CANCELLED:
        Session.objects.filter(pk=cancelled.pk).update(
            status=Session.Status.CANCELLED,
            cancelled_reason="The room is needed for a by-election count. Please book the online session.",
            cancelled_at=timezone.now(),
        )
    return sessions


def _book(session, member, status, *, at, counts, attendance="", marked_by=None):
    defaults = {
        "status": status,
        "booked_at": at if status == Booking.Status.BOOKED else None,
        "queued_at": at if status == Booking.Status.WAITING else None,
        "attendance": attendance,
        "attendance_marked_at": session.ends_at if attendance else None,
        "attendance_marked_by": marked_by if attendance else None,
    }
    booking, created = Booking.objects.get_or_create(session=session, member=member, defaults=defaults)
    counts["bookings"] += int(created)
    return booking


def _attended(booking, *, support, counts):
    course = booking.session.course
    day = timezone.localdate(booking.session.starts_at)
    _, created = Completion.objects.get_or_create(
        booking=booking,
        defaults={
            "member": booking.member,
            "course": course,
            "source": Completion.Source.SESSION,
            "status": Completion.Status.VERIFIED,
            "completed_on": day,
            "expires_on": course.expiry_for(day),
            "recorded_by": support,
            "verified_by": support,
            "verified_at": booking.session.ends_at,
        },
    )
    counts["completions"] += int(created)


def _register(session, members, rng, *, support, counts, no_shows=0.1):
    """Book ``members`` on a past session and mark the register, mostly attended."""
    for member in members:
        roll = rng.random()
        attendance = (
            Booking.Attendance.ATTENDED
            if roll > no_shows * 2
            else (Booking.Attendance.ABSENT if roll > no_shows else Booking.Attendance.NO_SHOW)
        )
        booking = _book(
            session,
            member,
            Booking.Status.BOOKED,
            at=session.starts_at - datetime.timedelta(days=rng.randint(3, 20)),
            counts=counts,
            attendance=attendance,
            marked_by=support,
        )
        if booking.attendance == Booking.Attendance.ATTENDED:
            _attended(booking, support=support, counts=counts)


def _fill_sessions(sessions, people, rng, today, support, counts):
    aisha, morgan, others = people["aisha"], people["morgan"], people["others"]
    planning_members = people["planning"]
    # 2023 induction: most of the council, Morgan included.
    _register(
        sessions["conduct_2023"], [morgan, *others[:30]], rng, support=support, counts=counts, no_shows=0.05
    )
    # Last week's session for the by-election winner and a few who missed 2023.
    recent = sessions["conduct_recent"]
    aisha_booking = _book(
        recent,
        aisha,
        Booking.Status.BOOKED,
        at=recent.starts_at - datetime.timedelta(days=10),
        counts=counts,
        attendance=Booking.Attendance.ATTENDED,
        marked_by=support,
    )
    _attended(aisha_booking, support=support, counts=counts)
    _register(recent, others[30:34], rng, support=support, counts=counts)
    # Social media: a past online session, and Aisha booked on the next one.
    _register(sessions["social_past"], others[5:15], rng, support=support, counts=counts)
    upcoming = sessions["social_next"]
    _book(
        upcoming, aisha, Booking.Status.BOOKED, at=timezone.now() - datetime.timedelta(days=2), counts=counts
    )
    for member in others[15:20]:
        _book(
            upcoming,
            member,
            Booking.Status.BOOKED,
            at=timezone.now() - datetime.timedelta(days=4),
            counts=counts,
        )
    cancelled = sessions["social_cancelled"]
    for member in others[20:23]:
        _book(cancelled, member, Booking.Status.SESSION_CANCELLED, at=cancelled.created_at, counts=counts)
    # Planning: Morgan did it 14 months ago, so it has expired; most others did it 11 months ago.
    old = sessions["planning_old"]
    morgan_old = _book(
        old,
        morgan,
        Booking.Status.BOOKED,
        at=old.starts_at - datetime.timedelta(days=12),
        counts=counts,
        attendance=Booking.Attendance.ATTENDED,
        marked_by=support,
    )
    _attended(morgan_old, support=support, counts=counts)
    trained = planning_members[:-2]  # the last two on the committees have never trained
    _register(sessions["planning_recent"], trained, rng, support=support, counts=counts, no_shows=0.0)
    # The next planning session is full (8 places) with three waiting; Morgan has a place.
    upcoming = sessions["planning_next"]
    start = timezone.now() - datetime.timedelta(days=6)
    booked = [morgan, *planning_members[-2:], *others[23:28]][: upcoming.capacity]
    for n, member in enumerate(booked):
        _book(upcoming, member, Booking.Status.BOOKED, at=start + datetime.timedelta(hours=n), counts=counts)
    waiting = [m for m in others[28:34] if m not in booked][:3]
    for n, member in enumerate(waiting):
        _book(
            upcoming,
            member,
            Booking.Status.WAITING,
            at=start + datetime.timedelta(days=1, hours=n),
            counts=counts,
        )
    chairing = sessions["chairing_next"]
    for member in others[:4]:
        _book(
            chairing,
            member,
            Booking.Status.BOOKED,
            at=timezone.now() - datetime.timedelta(days=1),
            counts=counts,
        )


def _other_completions(courses, people, rng, today, support, counts):
    """E-learning finished and verified: some current, some expired."""
    data_protection = courses["data-protection-for-members"]
    for n, member in enumerate(people["others"][:24]):
        days_ago = 790 if n % 4 == 0 else rng.randint(30, 600)  # a quarter expired (two-year refresher)
        completed = today - datetime.timedelta(days=days_ago)
        _, created = Completion.objects.get_or_create(
            member=member,
            course=data_protection,
            source=Completion.Source.E_LEARNING,
            defaults={
                "status": Completion.Status.VERIFIED,
                "completed_on": completed,
                "expires_on": data_protection.expiry_for(completed),
                "recorded_by": support,
                "verified_by": support,
                "verified_at": _at(completed + datetime.timedelta(days=2), 11),
            },
        )
        counts["completions"] += int(created)
    morgan_done = today - datetime.timedelta(days=300)
    Completion.objects.get_or_create(
        member=people["morgan"],
        course=data_protection,
        source=Completion.Source.E_LEARNING,
        defaults={
            "status": Completion.Status.VERIFIED,
            "completed_on": morgan_done,
            "expires_on": data_protection.expiry_for(morgan_done),
            "recorded_by": support,
            "verified_by": support,
            "verified_at": _at(morgan_done + datetime.timedelta(days=1), 10),
        },
    )


def _declarations(courses, people, today):
    """Two members have sent certificates that Member Support has not checked yet."""
    others = people["others"]
    pending = [
        (others[26], courses["data-protection-for-members"], Completion.Source.E_LEARNING, "", 3),
        (others[27], courses["safeguarding-awareness"], Completion.Source.E_LEARNING, "", 5),
        (
            others[28],
            courses["chairing-meetings"],
            Completion.Source.CERTIFICATE,
            "Local Government Association",
            40,
        ),
    ]
    for member, course, source, issued_by, days_ago in pending:
        if Completion.objects.filter(member=member, course=course, status=Completion.Status.PENDING).exists():
            continue
        completion = Completion(
            member=member,
            course=course,
            source=source,
            status=Completion.Status.PENDING,
            completed_on=today - datetime.timedelta(days=days_ago),
            issued_by=issued_by,
            member_note="Certificate attached." if source == Completion.Source.E_LEARNING else "",
            evidence_name=f"{course.slug}-certificate.pdf",
            recorded_by=member.user,
        )
        completion.evidence.save(completion.evidence_name, ContentFile(EVIDENCE), save=False)
        completion.save()


def _assignments(courses, people, support, today):
    member = people["others"][12]
    if not CourseAssignment.objects.filter(member=member, course=courses["social-media-basics"]).exists():
        CourseAssignment.objects.create(
            member=member,
            course=courses["social-media-basics"],
            due_on=today + datetime.timedelta(days=45),
            reason="Agreed with the Monitoring Officer after a complaint about a post (informal resolution).",
            assigned_by=support,
        )


# --- Induction ------------------------------------------------------------------------------


def _pack(slug, name, *, opens_on, active, description, items, courses, documents):
    pack, _ = InductionPack.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "opens_on": opens_on,
            "is_active": active,
            "auto_assign": active,
            "description": description,
        },
    )
    for position, (kind, key, days, note) in enumerate(items):
        thing = documents.get(key) if kind == "document" else courses.get(key)
        if thing is None:
            continue
        lookup = Q(document=thing) if kind == "document" else Q(course=thing)
        if not pack.items.filter(lookup).exists():
            InductionItem.objects.create(
                pack=pack,
                position=position,
                document=thing if kind == "document" else None,
                course=thing if kind == "course" else None,
                due_days=days,
                note=note,
            )
    return pack


def _induction(courses, people, support, today) -> int:
    documents = {d.slug: d for d in Document.objects.published()}
    year = today.year
    current = _pack(
        f"new-members-{year}",
        f"New members {year}",
        opens_on=today - datetime.timedelta(days=90),
        active=True,
        description=(
            "For members who join the council during the year, at a by-election or by co-option. "
            "It covers the Code of Conduct, the guidance every member should read, and the "
            "training to do in your first weeks."
        ),
        items=[
            ("document", "code-of-conduct-summary", 14, "Read this before your first meeting."),
            ("document", "seven-principles-of-public-life", 14, ""),
            ("course", "code-of-conduct", 30, "Book the next session if you missed the last one."),
            ("document", "social-media-guide", 21, "Especially if you post about council business."),
            ("course", "social-media-basics", 45, ""),
            ("course", "data-protection-for-members", 60, "E-learning: about 40 minutes."),
        ],
        courses=courses,
        documents=documents,
    )
    aisha = people["aisha"]
    InductionAssignment.objects.get_or_create(
        pack=current,
        member=aisha,
        defaults={
            "start_date": aisha.term_start,
            "how": InductionAssignment.How.INDIVIDUAL,
            "assigned_by": support,
        },
    )
    election = _pack(
        "new-members-2023",
        "New members 2023",
        opens_on=datetime.date(2023, 5, 1),
        active=False,
        description="The pack for everyone elected at the May 2023 election.",
        items=[
            ("document", "code-of-conduct-summary", 14, ""),
            ("course", "code-of-conduct", 45, ""),
            ("course", "data-protection-for-members", 90, ""),
        ],
        courses=courses,
        documents=documents,
    )
    for member in people["councillors"]:
        if member.term_start == ELECTION_DAY:
            InductionAssignment.objects.get_or_create(
                pack=election,
                member=member,
                defaults={
                    "start_date": ELECTION_DAY,
                    "how": InductionAssignment.How.COHORT,
                    "assigned_by": support,
                },
            )
    return InductionPack.objects.count()
