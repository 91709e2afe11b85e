"""Reads for training pages. Each returns what a template needs in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from guidance.models import Document
from guidance.selectors import up_to_date_acknowledgements
from portal.models import CommitteeMembership, Member
from training import eligibility
from training.models import (
    Booking,
    CommitteeRequirement,
    Completion,
    Course,
    CourseAssignment,
    InductionAssignment,
    InductionItem,
    InductionPack,
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


def with_place_counts(sessions):
    return sessions.annotate(
        booked_count=_count(Q(bookings__status=Booking.Status.BOOKED)),
        waiting_count=_count(Q(bookings__status=Booking.Status.WAITING)),
    )


def _places_left(session) -> int:
    return max(session.capacity - session.booked_count, 0)


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

    @property
    def current_completion(self):
        today = timezone.localdate()
        return next((c for c in self.completions if c.is_current(today)), None)

    @property
    def pending_completion(self):
        return next((c for c in self.completions if c.status == Completion.Status.PENDING), None)


def course_page(slug: str, member: Member | None, *, show_unlisted=False) -> CoursePage:
    courses = Course.objects.all() if show_unlisted else Course.objects.listed()
    course = get_object_or_404(courses, slug=slug)
    sessions = list(
        with_place_counts(Session.objects.upcoming().filter(course=course)).order_by("starts_at", "pk")
    )
    page = CoursePage(
        course=course,
        sessions=sessions,
        documents=list(course.guidance_documents.published().order_by("title")),
        committees=[r.committee for r in course.committee_requirements.select_related("committee")],
    )
    if member is not None:
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


# --- Session page -------------------------------------------------------------


@dataclass
class SessionPage:
    session: Session
    booking: Booking | None
    position: int | None
    clashes: list
    places_left: int
    attendees: list = field(default_factory=list)
    waiting: list = field(default_factory=list)


def session_queryset():
    return with_place_counts(Session.objects.select_related("course"))


def session_page(pk: int, member: Member | None, *, manager: bool) -> SessionPage:
    session = get_object_or_404(session_queryset(), pk=pk)
    if not session.course.is_listed and not manager:
        raise Http404
    booking = None
    position = None
    clashes = []
    if member is not None:
        booking = (
            Booking.objects.filter(session=session, member=member)
            .annotate(position=_waiting_position())
            .first()
        )
        if booking is not None and booking.is_waiting:
            position = booking.position
        clashes = clashes_for(member, session)
    page = SessionPage(
        session=session,
        booking=booking,
        position=position,
        clashes=clashes,
        places_left=_places_left(session),
    )
    if manager:
        people = list(
            Booking.objects.filter(session=session, status__in=Booking.ACTIVE)
            .select_related("member__authority", "booked_by")
            .order_by("queued_at", "member__last_name", "member__first_name", "pk")
        )
        page.attendees = sorted(
            (b for b in people if b.is_booked), key=lambda b: (b.member.last_name, b.member.first_name)
        )
        page.waiting = [b for b in people if b.is_waiting]
    return page


def _waiting_position():
    """1 for the first person waiting on the booking's session (only meaningful while waiting)."""
    ahead = (
        Booking.objects.filter(session=OuterRef("session"), status=Booking.Status.WAITING)
        .filter(
            Q(queued_at__lt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1


def clashes_for(member: Member, session: Session) -> list[Booking]:
    """The member's other places on sessions that overlap this one."""
    return list(
        Booking.objects.filter(
            member=member,
            status=Booking.Status.BOOKED,
            session__status=Session.Status.SCHEDULED,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .select_related("session__course")
    )


def bookable_members():
    return Member.objects.current().with_people().order_by("last_name", "first_name")


# --- Register -------------------------------------------------------------------


def register(session: Session) -> list[Booking]:
    """Everyone with a place, by surname: the attendance register."""
    return list(
        Booking.objects.filter(session=session, status=Booking.Status.BOOKED)
        .select_related("member__authority", "member__user", "attendance_marked_by")
        .order_by("member__last_name", "member__first_name", "pk")
    )


def register_rows(session: Session):
    """Rows for the CSV download, streamed."""
    labels = dict(Booking.Attendance.choices)
    rows = (
        Booking.objects.filter(session=session, status=Booking.Status.BOOKED)
        .order_by("member__last_name", "member__first_name", "pk")
        .values_list(
            "member__first_name",
            "member__last_name",
            "member__email",
            "member__authority__name",
            "member__ward",
            "attendance",
            "attendance_marked_at",
        )
        .iterator(chunk_size=500)
    )
    for first, last, email, authority, ward, attendance, marked_at in rows:
        yield [
            first,
            last,
            email,
            authority,
            ward,
            labels.get(attendance, attendance),
            timezone.localtime(marked_at).strftime("%Y-%m-%d %H:%M") if marked_at else "",
        ]


# --- Induction progress -----------------------------------------------------------


class DatePlusDays(Func):
    """``date + integer`` in PostgreSQL: a date so many days later."""

    arg_joiner = " + "
    template = "(%(expressions)s)"
    output_field = DateField()


def _acknowledged(member_ref):
    return Exists(
        up_to_date_acknowledgements(OuterRef("document__acknowledge_from")).filter(
            member=member_ref, document=OuterRef("document")
        )
    )


def _completed(member_ref, today):
    return Exists(Completion.objects.current(today).filter(member=member_ref, course=OuterRef("course")))


def item_done_q(member_ref, today):
    """For an InductionItem query: has the member (an expression) done this step by ``today``?

    A guidance step is done by acknowledging the document's current version, a
    course step by a completion that still counts. The member's page, the
    cohort page and the reports all use this rule.
    """
    return (Q(document__isnull=False) & _acknowledged(member_ref)) | (
        Q(course__isnull=False) & _completed(member_ref, today)
    )


def _per_pack_count(items):
    return Coalesce(
        Subquery(
            items.order_by().values("pack").annotate(n=Count("pk")).values("n"), output_field=IntegerField()
        ),
        Value(0),
    )


def with_progress(assignments, today=None):
    """Annotate induction assignments with items done, items in all and items overdue, in the same query."""
    today = today or timezone.localdate()
    member = OuterRef(OuterRef("member"))
    items = InductionItem.objects.filter(pack=OuterRef("pack"))
    done = item_done_q(member, today)
    overdue = (
        items.alias(due_on=DatePlusDays(OuterRef("start_date"), F("due_days")))
        .filter(due_on__lt=today)
        .filter(~done)
    )
    return assignments.annotate(
        items_total=_per_pack_count(items),
        items_done=_per_pack_count(items.filter(done)),
        items_overdue=_per_pack_count(overdue),
    )


@dataclass
class ItemProgress:
    item: InductionItem
    due_on: datetime.date
    done: bool
    link: str | None

    @property
    def overdue(self):
        return not self.done and self.due_on < timezone.localdate()

    @property
    def title(self):
        return str(self.item.document.title if self.item.document_id else self.item.course.title)


@dataclass
class InductionProgress:
    assignment: InductionAssignment
    items: list

    @property
    def total(self):
        return len(self.items)

    @property
    def done(self):
        return sum(1 for item in self.items if item.done)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def complete(self):
        return self.done == self.total

    @property
    def overdue(self):
        return [item for item in self.items if item.overdue]

    @property
    def next_steps(self):
        return [item for item in self.items if not item.done][:NEXT_STEPS]


def induction_progress_for_assignments(assignments, today=None) -> list[InductionProgress]:
    """Item-by-item progress for some assignments: three queries however many there are."""
    assignments = list(assignments)
    if not assignments:
        return []
    today = today or timezone.localdate()
    pack_ids = {a.pack_id for a in assignments}
    member_ids = {a.member_id for a in assignments}
    items_by_pack = {}
    for item in InductionItem.objects.filter(pack_id__in=pack_ids).select_related("document", "course"):
        items_by_pack.setdefault(item.pack_id, []).append(item)
    document_ids = {i.document_id for items in items_by_pack.values() for i in items if i.document_id}
    course_ids = {i.course_id for items in items_by_pack.values() for i in items if i.course_id}
    acknowledged = set()
    if document_ids:
        acknowledged = set(
            up_to_date_acknowledgements()
            .filter(member_id__in=member_ids, document_id__in=document_ids)
            .values_list("member_id", "document_id")
        )
    completed = set()
    if course_ids:
        completed = set(
            Completion.objects.current(today)
            .filter(member_id__in=member_ids, course_id__in=course_ids)
            .values_list("member_id", "course_id")
        )
    result = []
    for assignment in assignments:
        rows = []
        for item in items_by_pack.get(assignment.pack_id, []):
            if item.document_id:
                done = (assignment.member_id, item.document_id) in acknowledged
                link = document_link(item.document)
            else:
                done = (assignment.member_id, item.course_id) in completed
                link = item.course.get_absolute_url()
            rows.append(
                ItemProgress(
                    item=item,
                    due_on=assignment.start_date + datetime.timedelta(days=item.due_days),
                    done=done,
                    link=link,
                )
            )
        rows.sort(key=lambda row: (row.done, row.due_on, row.item.position, row.item.pk))
        result.append(InductionProgress(assignment=assignment, items=rows))
    return result


def member_induction(member: Member) -> list[InductionProgress]:
    assignments = InductionAssignment.objects.filter(member=member, pack__is_active=True).select_related(
        "pack"
    )
    return induction_progress_for_assignments(assignments)


@dataclass
class CohortPage:
    pack: InductionPack
    items: list
    page: object
    summary: dict


def cohort_page(slug: str, *, show="all", page_number=1) -> CohortPage:
    """A pack's members with their progress, those behind first. Four queries.

    Progress comes from one aggregate query over every member with the pack (a
    few numbers each); the summary and the order are worked out from those, and
    only the page shown is loaded in full.
    """
    pack = get_object_or_404(InductionPack, slug=slug)
    today = timezone.localdate()
    rows = list(
        with_progress(InductionAssignment.objects.filter(pack=pack), today).values_list(
            "pk", "items_done", "items_total", "items_overdue", "member__last_name", "member__first_name"
        )
    )
    summary = {
        "assigned": len(rows),
        "complete": sum(1 for _, done, total, *_ in rows if done >= total),
        "behind": sum(1 for _, _, _, overdue, *_ in rows if overdue),
    }
    if show == "behind":
        rows = [row for row in rows if row[3]]
    elif show == "complete":
        rows = [row for row in rows if row[1] >= row[2]]
    rows.sort(key=lambda row: (-row[3], row[4], row[5], row[0]))
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    figures = {row[0]: row[1:4] for row in page.object_list}
    assignments = InductionAssignment.objects.filter(pk__in=list(figures)).select_related("member__authority")
    by_pk = {assignment.pk: assignment for assignment in assignments}
    ordered = []
    for pk, (done, total, overdue) in figures.items():
        assignment = by_pk[pk]
        assignment.items_done, assignment.items_total, assignment.items_overdue = done, total, overdue
        ordered.append(assignment)
    page.object_list = ordered
    items = list(pack.items.select_related("document", "course"))
    return CohortPage(pack=pack, items=items, page=page, summary=summary)


def packs_overview():
    """Every pack with how many members have it, have finished it and are behind. Two queries."""
    today = timezone.localdate()
    packs = list(InductionPack.objects.annotate(item_count=Count("items")).order_by("-opens_on", "name"))
    rows = (
        with_progress(InductionAssignment.objects.all(), today)
        .values("pack")
        .annotate(
            assigned=Count("pk"),
            complete=Count("pk", filter=Q(items_done__gte=F("items_total"))),
            behind=Count("pk", filter=Q(items_overdue__gt=0)),
        )
        .order_by()
    )
    by_pack = {row["pack"]: row for row in rows}
    for pack in packs:
        row = by_pack.get(pack.pk, {})
        pack.assigned = row.get("assigned", 0)
        pack.complete = row.get("complete", 0)
        pack.behind = row.get("behind", 0)
    return packs


# --- Committee eligibility ---------------------------------------------------------


@dataclass
class EligibilityGap:
    member: Member
    committee: object
    courses: list  # (course, expired_on or None)

    @property
    def course_titles(self):
        return ", ".join(course.title for course, _ in self.courses)


def eligibility_gaps(member: Member | None = None, *, memberships=None) -> list[EligibilityGap]:
    """Current committee places whose required training is missing or expired. Three queries at most.

    ``memberships`` may be passed in (already loaded with their committees) to save a query.
    """
    today = timezone.localdate()
    requirements = {}
    for requirement in CommitteeRequirement.objects.select_related("course").order_by("course__title"):
        requirements.setdefault(requirement.committee_id, []).append(requirement.course)
    if not requirements:
        return []
    if memberships is None:
        memberships = (
            CommitteeMembership.objects.current(today)
            .filter(committee_id__in=list(requirements), member__in=Member.objects.current(today))
            .select_related("committee", "member__authority")
            .order_by("committee__name", "member__last_name", "member__first_name")
        )
        if member is not None:
            memberships = memberships.filter(member=member)
        memberships = list(memberships)
    else:
        memberships = [m for m in memberships if m.committee_id in requirements]
    if not memberships:
        return []
    member_ids = {m.member_id for m in memberships}
    course_ids = {c.pk for courses in requirements.values() for c in courses}
    latest = {}
    for member_id, course_id, expires_on in (
        Completion.objects.verified()
        .filter(member_id__in=member_ids, course_id__in=course_ids)
        .values_list("member_id", "course_id", "expires_on")
    ):
        key = (member_id, course_id)
        best = latest.get(key, datetime.date.min)
        latest[key] = max(best, datetime.date.max if expires_on is None else expires_on)
    gaps = []
    for membership in memberships:
        missing = []
        for course in requirements[membership.committee_id]:
            expires = latest.get((membership.member_id, course.pk))
            if expires is None:
                missing.append((course, None))
            elif expires == datetime.date.max:
                continue
            elif not eligibility.counts_on(expires, today):
                missing.append((course, expires))
        if missing:
            who = member if member is not None else membership.member
            gaps.append(EligibilityGap(member=who, committee=membership.committee, courses=missing))
    return gaps


# --- A member's training record -----------------------------------------------------


@dataclass
class RecordLine:
    course: Course
    completion: Completion | None = None
    due_on: datetime.date | None = None
    why: str = ""

    @property
    def overdue(self):
        return self.due_on is not None and self.due_on < timezone.localdate()


@dataclass
class TrainingRecord:
    member: Member
    done: list
    expiring: list
    expired: list
    due: list
    pending: list
    rejected: list
    upcoming: list
    induction: list
    gaps: list
    assignments: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not any((self.done, self.expiring, self.expired, self.due, self.pending, self.upcoming))


def upcoming_bookings(member: Member, limit=None):
    bookings = (
        Booking.objects.filter(
            member=member,
            status__in=Booking.ACTIVE,
            session__status=Session.Status.SCHEDULED,
            session__ends_at__gt=timezone.now(),
        )
        .select_related("session__course")
        .annotate(position=_waiting_position())
        .order_by("session__starts_at", "pk")
    )
    return list(bookings[:limit] if limit else bookings)


def _requirement_applies(course: Course, member: Member, today) -> bool:
    if course.audience == Course.Audience.COUNCILLORS and member.member_type != Member.MemberType.COUNCILLOR:
        return False
    if course.audience == Course.Audience.CO_OPTED and member.member_type != Member.MemberType.CO_OPTED:
        return False
    if course.requirement == Course.Requirement.NEW_MEMBERS:
        return (today - member.term_start).days <= NEW_MEMBER_DAYS
    return course.requirement == Course.Requirement.ALL_MEMBERS


def training_record(member: Member) -> TrainingRecord:
    """What the member has done, what is due, what is expiring or expired. A fixed number of queries."""
    today = timezone.localdate()
    completions = list(
        Completion.objects.filter(member=member).select_related("course").order_by("-completed_on", "-pk")
    )
    latest_verified = {}
    pending, rejected = [], []
    for completion in completions:
        if completion.status == Completion.Status.PENDING:
            pending.append(completion)
        elif completion.status == Completion.Status.REJECTED:
            rejected.append(completion)
        else:
            best = latest_verified.get(completion.course_id)
            if best is None or _expiry_key(completion) > _expiry_key(best):
                latest_verified[completion.course_id] = completion
    done, expiring, expired = [], [], []
    for completion in latest_verified.values():
        if eligibility.expires_soon(completion.expires_on, today):
            expiring.append(completion)
        elif eligibility.counts_on(completion.expires_on, today):
            done.append(completion)
        else:
            expired.append(completion)

    due = {}

    def need(course, due_on, why):
        """Add a course as due, keeping the most urgent reason (no date means now)."""
        completion = latest_verified.get(course.pk)
        if completion is not None and completion.is_current(today):
            return
        line = due.get(course.pk)
        if line is None or _more_urgent(due_on, line.due_on):
            due[course.pk] = RecordLine(course=course, completion=completion, due_on=due_on, why=why)

    for course in Course.objects.exclude(requirement=Course.Requirement.OPTIONAL).filter(
        requirement__in=[Course.Requirement.ALL_MEMBERS, Course.Requirement.NEW_MEMBERS]
    ):
        if _requirement_applies(course, member, today):
            completion = latest_verified.get(course.pk)
            due_on = (
                completion.expires_on
                if completion is not None and completion.expires_on
                else member.term_start + datetime.timedelta(days=course.due_within_days)
            )
            need(course, due_on, course.get_requirement_display())
    gaps = eligibility_gaps(member)
    for gap in gaps:
        for course, _ in gap.courses:
            need(course, None, f"Required before you sit on the {gap.committee.name}")
    assignments = list(
        CourseAssignment.objects.filter(member=member, status=CourseAssignment.Status.OUTSTANDING)
        .select_related("course")
        .order_by("assigned_at")
    )
    for assignment in assignments:
        # An assignment is met only by completing the course after it was set, so it shows
        # as due even when an older completion is still current.
        line = due.get(assignment.course_id)
        why = "Assigned to you" + (f": {assignment.reason}" if assignment.reason else "")
        if line is None or _more_urgent(assignment.due_on, line.due_on):
            due[assignment.course_id] = RecordLine(
                course=assignment.course, due_on=assignment.due_on, why=why
            )
    induction = member_induction(member)
    for progress in induction:
        for row in progress.items:
            if row.item.course_id and not row.done:
                need(row.item.course, row.due_on, f"Part of your induction ({progress.assignment.pack.name})")
    due_lines = sorted(due.values(), key=lambda line: (line.due_on is not None, line.due_on or today))
    return TrainingRecord(
        member=member,
        done=sorted(done, key=lambda c: c.course.title),
        expiring=sorted(expiring, key=lambda c: c.expires_on),
        expired=sorted(expired, key=lambda c: c.expires_on),
        due=due_lines,
        pending=pending,
        rejected=rejected,
        upcoming=upcoming_bookings(member),
        induction=induction,
        gaps=gaps,
        assignments=assignments,
    )


def _more_urgent(due_on, than) -> bool:
    """Whether a due date is sooner than another; None means due now."""
    if than is None:
        return False
    return due_on is None or due_on < than


def _expiry_key(completion):
    return (completion.expires_on or datetime.date.max, completion.completed_on, completion.pk)


# --- Member Support ----------------------------------------------------------------


def verification_queue(page_number=1):
    pending = (
        Completion.objects.filter(status=Completion.Status.PENDING)
        .select_related("member__authority", "course")
        .order_by("created_at", "pk")
    )
    return Paginator(pending, PAGE_SIZE).get_page(page_number)


def completion_for(user, pk: int) -> Completion:
    """A completion the person may see (their own, or any for Member Support), else 404."""
    completions = Completion.objects.select_related("member", "course")
    if not can_manage(user):
        completions = completions.filter(member__user=user)
    return get_object_or_404(completions, pk=pk)


def booking_for(user, pk: int) -> Booking:
    """A booking the person may change (their own, or any for Member Support), else 404."""
    bookings = Booking.objects.select_related("session__course", "member")
    if not can_manage(user):
        bookings = bookings.filter(member__user=user)
    return get_object_or_404(bookings, pk=pk)


def outstanding_assignments(limit=None):
    assignments = (
        CourseAssignment.objects.filter(status=CourseAssignment.Status.OUTSTANDING)
        .select_related("member", "course")
        .order_by(F("due_on").asc(nulls_last=True), "assigned_at")
    )
    return list(assignments[:limit] if limit else assignments)


def upcoming_sessions_for_officers(limit=6):
    return list(
        with_place_counts(Session.objects.upcoming().select_related("course")).order_by("starts_at", "pk")[
            :limit
        ]
    )


def feed_bookings(member: Member):
    """Sessions the member has a place on, for their calendar feed: the last 90 days and all to come."""
    since = timezone.now() - datetime.timedelta(days=90)
    return list(
        Booking.objects.filter(
            member=member, status=Booking.Status.BOOKED, session__starts_at__gte=since
        ).select_related("session__course")
    )


def documents_for_choice():
    return Document.objects.published().order_by("title")
