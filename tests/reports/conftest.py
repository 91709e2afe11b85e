"""A small council with known answers, built through the services the pages use."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from guidance import services as guidance_services
from guidance.models import Document
from portal.models import Member, User
from training import services as training_services
from training.models import Booking, CommitteeRequirement, Course, InductionItem, InductionPack, Session


@dataclass
class Council:
    members: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    courses: dict = field(default_factory=dict)
    pack: object = None
    planning: object = None


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def council(district, make_member, make_committee, member_support):
    """Eleven serving members and one who left, with guidance, training and induction.

    Red: R1-R6, Blue: B1-B2, Green: N1-N2 (new this year), no group: C1 (co-opted);
    L1 (Red) left 30 days ago. Planning Committee: R1, R2, B1. Every one of them
    has a login: the reports count the district members who can use the portal.
    """
    c = Council()
    plain_make_member = make_member

    def make_member(**fields):
        user = User.objects.create_user(f"{fields['first_name'].lower()}@council.example", "x")
        return plain_make_member(user=user, **fields)

    for name, group in [(f"R{i}", "Red") for i in range(1, 7)] + [("B1", "Blue"), ("B2", "Blue")]:
        c.members[name] = make_member(first_name=name, last_name="Member", political_group=group)
    c.members["N1"] = make_member(
        first_name="N1", last_name="New", political_group="Green", term_start=days_ago(60)
    )
    c.members["N2"] = make_member(
        first_name="N2", last_name="New", political_group="Green", term_start=days_ago(10)
    )
    c.members["C1"] = make_member(
        first_name="C1", last_name="Coopted", political_group="", member_type=Member.MemberType.CO_OPTED
    )
    c.members["L1"] = make_member(first_name="L1", last_name="Leaver", political_group="Red")
    m = c.members
    c.planning = make_committee("Planning Committee", members=[m["R1"], m["R2"], m["B1"]])

    # Guidance: the social media guide goes through a material v2 and a minor v3.
    guide = Document.objects.create(
        slug="social-media", title="Social media guide", summary="s", owning_team="Comms", draft_body="One"
    )
    guidance_services.document_publish(
        document=guide, actor=member_support, change_note="First", material=True
    )
    for name in ["R3", "R4", "R5", "R6", "L1"]:
        guidance_services.document_acknowledge(document=guide, member=m[name], version_number=1)
    Document.objects.filter(pk=guide.pk).update(draft_body="Two")
    guidance_services.document_publish(
        document=guide, actor=member_support, change_note="New law", material=True
    )
    for name in ["R1", "L1"]:
        guidance_services.document_acknowledge(document=guide, member=m[name], version_number=2)
    Document.objects.filter(pk=guide.pk).update(draft_body="Three")
    guidance_services.document_publish(
        document=guide, actor=member_support, change_note="Typo", material=False
    )
    for name in ["R2", "N2"]:
        guidance_services.document_acknowledge(document=guide, member=m[name], version_number=3)
    Member.objects.filter(pk=m["L1"].pk).update(
        status=Member.Status.LEFT, term_end=days_ago(30), left_on=days_ago(30)
    )

    planning_guide = Document.objects.create(
        slug="planning-guide",
        title="Planning committee guide",
        summary="s",
        owning_team="Legal",
        draft_body="Text",
        audience=Document.Audience.COMMITTEE,
        committee=c.planning,
    )
    guidance_services.document_publish(
        document=planning_guide, actor=member_support, change_note="First", material=True
    )
    guidance_services.document_acknowledge(document=planning_guide, member=m["R1"], version_number=1)
    c.documents = {"guide": guide, "planning": planning_guide}

    # Training: a mandatory Code of Conduct course, Planning's required course, an optional course.
    conduct = Course.objects.create(
        title="Code of Conduct",
        slug="code-of-conduct",
        summary="s",
        requirement=Course.Requirement.ALL_MEMBERS,
        refresher_months=48,
    )
    planning_course = Course.objects.create(
        title="Planning essentials",
        slug="planning-essentials",
        summary="s",
        requirement=Course.Requirement.COMMITTEE,
        refresher_months=12,
    )
    CommitteeRequirement.objects.create(course=planning_course, committee=c.planning)
    chairing = Course.objects.create(title="Chairing meetings", slug="chairing", summary="s")
    c.courses = {"conduct": conduct, "planning": planning_course, "chairing": chairing}

    def record(name, course, completed_on):
        training_services.completion_record(
            member=m[name],
            course=course,
            completed_on=completed_on,
            source="certificate",
            actor=member_support,
        )

    for name in ["R1", "R2", "R3", "R4", "R5"]:
        record(name, conduct, days_ago(100))
    record("B1", conduct, days_ago(5 * 365))  # expired a year ago
    record("R1", planning_course, days_ago(30))
    record("R2", planning_course, days_ago(400))  # expired
    record("B1", planning_course, days_ago(330))  # expires in about 35 days

    starts = timezone.now() + datetime.timedelta(days=3)
    session = Session.objects.create(
        course=chairing,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        capacity=10,
        venue="Room 1",
    )
    bookings = {
        name: training_services.booking_book(
            session=session, member=m[name], actor=member_support, on_behalf=True
        )
        for name in ["R1", "R2", "R3", "R4"]
    }
    held = timezone.now() - datetime.timedelta(days=7)
    Session.objects.filter(pk=session.pk).update(starts_at=held, ends_at=held + datetime.timedelta(hours=2))
    session.refresh_from_db()
    training_services.attendance_record(
        session=session,
        marks={
            bookings["R1"].pk: Booking.Attendance.ATTENDED,
            bookings["R2"].pk: Booking.Attendance.ATTENDED,
            bookings["R3"].pk: Booking.Attendance.NO_SHOW,
            bookings["R4"].pk: Booking.Attendance.ABSENT,
        },
        actor=member_support,
    )

    # Induction: N1 is behind (nothing done, the guide was due 30 days after a start 60 days ago);
    # N2 has read the guide (1 of 2) and nothing is due yet.
    c.pack = InductionPack.objects.create(
        name="New members 2026", slug="new-members-2026", opens_on=days_ago(90)
    )
    InductionItem.objects.create(pack=c.pack, position=1, document=guide, due_days=30)
    InductionItem.objects.create(pack=c.pack, position=2, course=conduct, due_days=60)
    for name in ["N1", "N2"]:
        training_services.induction_assign(
            pack=c.pack, member=m[name], actor=member_support, start_date=m[name].term_start
        )
    return c
