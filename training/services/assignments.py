"""Assignments (individual requirements)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.models import Member
from training.models import (
    Course,
    CourseAssignment,
    Event,
)
from training.services.base import _actor, _email_member, _link


def course_assign(
    *, member: Member, course: Course, actor, due_on=None, reason: str = ""
) -> CourseAssignment:
    """Record that this member must complete this course.

    It shows in their training record as due, and to Member Support. While one
    is outstanding for the member and course, calling again returns it
    unchanged (the standards complaints "training" sanction relies on this).
    """
    with transaction.atomic():
        existing = (
            CourseAssignment.objects.select_for_update(of=("self",))
            .filter(member=member, course=course, status=CourseAssignment.Status.OUTSTANDING)
            .first()
        )
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                assignment = CourseAssignment.objects.create(
                    member=member,
                    course=course,
                    due_on=due_on,
                    reason=(reason or "").strip(),
                    assigned_by=_actor(actor),
                )
        except IntegrityError:
            # Someone assigned the same course at the same moment: theirs stands.
            return CourseAssignment.objects.get(
                member=member, course=course, status=CourseAssignment.Status.OUTSTANDING
            )
        Event.record(
            action=Event.Action.ASSIGNMENT,
            actor=actor,
            member=member,
            to_status=CourseAssignment.Status.OUTSTANDING,
            note=f"{course.title}" + (f": {assignment.reason}" if assignment.reason else ""),
        )
        _email_member(
            member,
            "course_assigned",
            course=course,
            assignment=assignment,
            course_link=_link(course.get_absolute_url()),
        )
    return assignment


def assignment_withdraw(*, assignment: CourseAssignment, actor) -> CourseAssignment:
    with transaction.atomic():
        assignment = (
            CourseAssignment.objects.select_for_update(of=("self",))
            .select_related("course")
            .get(pk=assignment.pk)
        )
        if assignment.status != CourseAssignment.Status.OUTSTANDING:
            return assignment
        assignment.status = CourseAssignment.Status.WITHDRAWN
        assignment.closed_at = timezone.now()
        assignment.save(update_fields=["status", "closed_at"])
        Event.record(
            action=Event.Action.ASSIGNMENT,
            actor=actor,
            member=assignment.member,
            from_status=CourseAssignment.Status.OUTSTANDING,
            to_status=CourseAssignment.Status.WITHDRAWN,
            note=assignment.course.title,
        )
    return assignment
