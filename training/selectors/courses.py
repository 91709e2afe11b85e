"""Reads for training pages. Each returns what a template needs in a fixed number of queries.."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from guidance.selectors import documents_for_user
from portal.models import Member
from training.models import (
    Booking,
    Completion,
    Course,
    CourseAssignment,
    Session,
)

MANAGE = "training.manage_training"
PAGE_SIZE = 25
# A "mandatory for new members" course applies for this long after a term starts.
NEW_MEMBER_DAYS = 365
# How many next steps the dashboard lists.
NEXT_STEPS = 3


def can_manage(user) -> bool:
    return user.has_perm(MANAGE)


def document_link(document) -> str | None:
    """The guidance page for a document."""
    return document.get_absolute_url()


def _count(condition):
    return Count("bookings", filter=condition)


def _places(status):
    """How many bookings of ``status`` a session has: a count on the booking queue index."""
    return Coalesce(
        Subquery(
            Booking.objects.filter(session=OuterRef("pk"), status=status)
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_place_counts(sessions):
    """Each session's booked and waiting counts as correlated subqueries, not a join and GROUP BY,
    so that a list cut to a few sessions (ORDER BY ... LIMIT) counts only those."""
    return sessions.annotate(
        booked_count=_places(Booking.Status.BOOKED),
        waiting_count=_places(Booking.Status.WAITING),
    )


def _places_left(session) -> int:
    return max(session.capacity - session.booked_count, 0)


def _readable_by(user, member):
    """Whether the reader may open the guidance document (guidance's own audience rule)."""
    if user is None:
        return Value(False)
    return Exists(documents_for_user(user, member).filter(pk=OuterRef("pk")))


# --- Course list and course page ----------------------------------------------


def course_list(member: Member | None, *, delivery="", mandatory=False, page_number=1):
    """Listed courses with their next session and, for a member, where they stand. One query a page."""
    now = timezone.now()
    today = timezone.localdate()
    upcoming = Session.objects.upcoming(now).filter(course=OuterRef("pk")).order_by("starts_at")
    courses = Course.objects.listed().annotate(
        next_session_at=Subquery(upcoming.values("starts_at")[:1]),
        upcoming_sessions=Coalesce(
            Subquery(
                upcoming.order_by().values("course").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    )
    if member is not None:
        courses = courses.offered_to(member)
        mine = Completion.objects.current(today).filter(member=member, course=OuterRef("pk"))
        courses = courses.annotate(
            my_expires_on=Subquery(
                mine.order_by(F("expires_on").desc(nulls_first=True)).values("expires_on")[:1]
            ),
            my_done=Exists(mine),
            my_booked=Exists(
                Booking.objects.filter(
                    member=member,
                    session__course=OuterRef("pk"),
                    session__starts_at__gt=now,
                    session__status=Session.Status.SCHEDULED,
                    status__in=Booking.ACTIVE,
                )
            ),
        )
    if delivery in Course.Delivery.values:
        courses = courses.filter(delivery=delivery)
    if mandatory:
        courses = courses.exclude(requirement=Course.Requirement.OPTIONAL)
    return Paginator(courses.order_by("title"), PAGE_SIZE).get_page(page_number)


@dataclass
class CoursePage:
    course: Course
    sessions: list
    documents: list
    committees: list
    completions: list = field(default_factory=list)
    bookings: dict = field(default_factory=dict)
    assignment: CourseAssignment | None = None
    offered: bool = True  # the member is in the course's audience

    @property
    def current_completion(self):
        today = timezone.localdate()
        return next((c for c in self.completions if c.is_current(today)), None)

    @property
    def pending_completion(self):
        return next((c for c in self.completions if c.status == Completion.Status.PENDING), None)


def course_page(slug: str, member: Member | None, *, show_unlisted=False, user=None) -> CoursePage:
    """The course, its sessions and guidance; a document is marked ``readable`` if ``user`` may open it."""
    courses = Course.objects.all() if show_unlisted else Course.objects.listed()
    course = get_object_or_404(courses, slug=slug)
    sessions = list(
        with_place_counts(Session.objects.upcoming().filter(course=course)).order_by("starts_at", "pk")
    )
    page = CoursePage(
        course=course,
        sessions=sessions,
        documents=list(
            course.guidance_documents.published()
            .annotate(readable=_readable_by(user, member))
            .order_by("title")
        ),
        committees=[r.committee for r in course.committee_requirements.select_related("committee")],
    )
    if member is not None:
        page.offered = course.is_for(member)
        page.completions = list(
            Completion.objects.filter(member=member, course=course).order_by("-completed_on", "-pk")
        )
        page.bookings = {
            b.session_id: b
            for b in Booking.objects.filter(member=member, session__in=[s.pk for s in sessions])
        }
        page.assignment = CourseAssignment.objects.filter(
            member=member, course=course, status=CourseAssignment.Status.OUTSTANDING
        ).first()
    for session in sessions:
        session.places_left = _places_left(session)
        session.my_booking = page.bookings.get(session.pk)
    return page
