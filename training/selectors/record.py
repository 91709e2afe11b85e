"""A member's training record."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from portal.models import Member
from training import eligibility, record_cache
from training.models import (
    Booking,
    Completion,
    Course,
    CourseAssignment,
    Session,
)
from training.selectors.courses import NEW_MEMBER_DAYS
from training.selectors.eligibility import eligibility_gaps
from training.selectors.induction import member_induction
from training.selectors.sessions import _waiting_position


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
    if not course.is_for(member):
        return False
    if course.requirement == Course.Requirement.NEW_MEMBERS:
        return (today - member.term_start).days <= NEW_MEMBER_DAYS
    return course.requirement == Course.Requirement.ALL_MEMBERS


def training_record(member: Member, *, memberships=None) -> TrainingRecord:
    """What the member has done, what is due, what is expiring or expired. A fixed number of queries.

    Everything but the member's course assignments is kept in the cache (``training.record_cache``)
    until something it is read from changes: two queries when kept, eleven when not.
    ``memberships`` (the member's current committee places, loaded) may be passed to save a query.
    """
    today = timezone.localdate()
    kept = record_cache.get(member, today)
    if kept is None:
        generation = record_cache.current_generation()
        kept = _kept_part(member, today, memberships)
        record_cache.keep(member, today, generation, kept)
    due = dict(kept["due"])
    # Read fresh each time: an assignment's reason can be rewritten in bulk (a case's anonymisation).
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
    for candidate in kept["induction_needs"]:
        line = due.get(candidate.course.pk)
        if line is None or _more_urgent(candidate.due_on, line.due_on):
            due[candidate.course.pk] = candidate
    due_lines = sorted(due.values(), key=lambda line: (line.due_on is not None, line.due_on or today))
    now = timezone.now()
    return TrainingRecord(
        member=member,
        done=kept["done"],
        expiring=kept["expiring"],
        expired=kept["expired"],
        due=due_lines,
        pending=kept["pending"],
        rejected=kept["rejected"],
        # Kept bookings are filtered again: a session may have ended since.
        upcoming=[b for b in kept["upcoming"] if b.session.ends_at > now],
        induction=kept["induction"],
        gaps=kept["gaps"],
        assignments=assignments,
    )


def _kept_part(member: Member, today, memberships) -> dict:
    """The record without the member's assignments: what the cache keeps."""
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

    def line_for(course, due_on, why):
        """A due line for a course, unless a current completion covers it (no date means now)."""
        completion = latest_verified.get(course.pk)
        if completion is not None and completion.is_current(today):
            return None
        return RecordLine(course=course, completion=completion, due_on=due_on, why=why)

    def need(course, due_on, why):
        """Add a course as due, keeping the most urgent reason."""
        new = line_for(course, due_on, why)
        line = due.get(course.pk)
        if new is not None and (line is None or _more_urgent(due_on, line.due_on)):
            due[course.pk] = new

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
    gaps = eligibility_gaps(member, memberships=memberships, completions=completions)
    for gap in gaps:
        for course, _ in gap.courses:
            need(course, None, f"Required before you sit on the {gap.committee.name}")
    induction = member_induction(member)
    # Applied after the assignments, in this order, by training_record.
    induction_needs = []
    for progress in induction:
        for row in progress.items:
            if row.item.course_id and not row.done:
                line = line_for(
                    row.item.course, row.due_on, f"Part of your induction ({progress.assignment.pack.name})"
                )
                if line is not None:
                    induction_needs.append(line)
    return {
        "done": sorted(done, key=lambda c: c.course.title),
        "expiring": sorted(expiring, key=lambda c: c.expires_on),
        "expired": sorted(expired, key=lambda c: c.expires_on),
        "due": due,
        "induction_needs": induction_needs,
        "pending": pending,
        "rejected": rejected,
        "upcoming": upcoming_bookings(member),
        "induction": induction,
        "gaps": gaps,
    }


def _more_urgent(due_on, than) -> bool:
    """Whether a due date is sooner than another; None means due now."""
    if than is None:
        return False
    return due_on is None or due_on < than


def _expiry_key(completion):
    return (completion.expires_on or datetime.date.max, completion.completed_on, completion.pk)
