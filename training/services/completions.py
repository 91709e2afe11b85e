"""Attendance and completions."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.errors import DomainError
from portal.models import Member
from training.models import (
    COMPLETION_WORKFLOW,
    Booking,
    Completion,
    Course,
    CourseAssignment,
    Event,
    Session,
)
from training.services.base import _actor, _email_member, _link, _lock_session


def attendance_record(*, session: Session, marks: dict, actor) -> int:
    """Mark the register: ``marks`` maps booking id to an Attendance value. Returns how many changed.

    Only people with a place are on the register. Marking someone attended
    records a completion of the course (expiring after the refresher period);
    changing the mark away from attended removes that completion again.
    """
    allowed = {value for value, _ in Booking.Attendance.choices if value}
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        session = _lock_session(session)
        if session.is_cancelled:
            raise DomainError("This session was cancelled, so there is no register to mark.")
        if timezone.localdate(session.starts_at) > timezone.localdate(now):
            raise DomainError("The register can be marked from the day of the session.")
        bookings = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("member__user")
            .filter(session=session, status=Booking.Status.BOOKED, pk__in=list(marks))
        )
        for booking in bookings:
            mark = marks[booking.pk]
            if mark not in allowed:
                raise DomainError(f"“{mark}” is not an attendance mark.")
            if booking.attendance == mark:
                continue
            before = booking.attendance
            booking.attendance = mark
            booking.attendance_marked_at = now
            booking.attendance_marked_by = _actor(actor)
            booking.save(
                update_fields=["attendance", "attendance_marked_at", "attendance_marked_by", "updated_at"]
            )
            booking.session = session
            Event.record(
                action=Event.Action.ATTENDANCE,
                actor=actor,
                member=booking.member,
                session=session,
                booking=booking,
                from_status=before,
                to_status=mark,
            )
            if mark == Booking.Attendance.ATTENDED:
                _completion_from_booking(booking, actor=actor)
            elif before == Booking.Attendance.ATTENDED:
                _remove_completion_from_booking(booking, actor=actor)
            changed += 1
    return changed


def _completion_from_booking(booking, *, actor) -> Completion:
    course = booking.session.course
    completed_on = timezone.localdate(booking.session.starts_at)
    completion, _ = Completion.objects.update_or_create(
        booking=booking,
        defaults={
            "member": booking.member,
            "course": course,
            "source": Completion.Source.SESSION,
            "status": Completion.Status.VERIFIED,
            "completed_on": completed_on,
            "expires_on": course.expiry_for(completed_on),
            "recorded_by": _actor(actor),
            "verified_by": _actor(actor),
            "verified_at": timezone.now(),
        },
    )
    Event.record(
        action=Event.Action.COMPLETION,
        actor=actor,
        member=booking.member,
        session=booking.session,
        booking=booking,
        completion=completion,
        to_status=Completion.Status.VERIFIED,
        note="Attended the session",
    )
    _close_assignments(completion)
    return completion


def _remove_completion_from_booking(booking, *, actor):
    completion = Completion.objects.filter(booking=booking).first()
    if completion is None:
        return
    reopen = list(
        CourseAssignment.objects.select_for_update(of=("self",)).filter(
            completion=completion, status=CourseAssignment.Status.COMPLETED
        )
    )
    Event.record(
        action=Event.Action.COMPLETION,
        actor=actor,
        member=booking.member,
        session=booking.session,
        booking=booking,
        from_status=Completion.Status.VERIFIED,
        note="Attendance corrected: completion removed",
    )
    completion.delete()
    for assignment in reopen:
        if not CourseAssignment.objects.filter(
            member_id=assignment.member_id,
            course_id=assignment.course_id,
            status=CourseAssignment.Status.OUTSTANDING,
        ).exists():
            assignment.status = CourseAssignment.Status.OUTSTANDING
            assignment.closed_at = None
            assignment.save(update_fields=["status", "closed_at"])


def _close_assignments(completion: Completion) -> int:
    """A verified completion satisfies the member's outstanding assignments of that course set before it."""
    if completion.status != Completion.Status.VERIFIED:
        return 0
    end_of_day = timezone.make_aware(datetime.datetime.combine(completion.completed_on, datetime.time.max))
    return CourseAssignment.objects.filter(
        member_id=completion.member_id,
        course_id=completion.course_id,
        status=CourseAssignment.Status.OUTSTANDING,
        assigned_at__lte=end_of_day,
    ).update(status=CourseAssignment.Status.COMPLETED, completion=completion, closed_at=timezone.now())


def completion_declare(
    *,
    member: Member,
    course: Course,
    source: str,
    completed_on: datetime.date,
    evidence,
    actor,
    issued_by: str = "",
    note: str = "",
) -> Completion:
    """A member says they completed an e-learning module or hold an external certificate.

    The record waits for Member Support to check the evidence. Sending the same
    declaration twice (same course and date, still waiting) gives back the first.
    """
    if source not in (Completion.Source.E_LEARNING, Completion.Source.CERTIFICATE):
        raise DomainError("Only e-learning and external certificates can be declared.")
    if completed_on > timezone.localdate():
        raise DomainError("The date you completed it cannot be in the future.")
    if source == Completion.Source.CERTIFICATE and not issued_by.strip():
        raise DomainError("Say who issued the certificate.")
    if not evidence:
        raise DomainError("Attach your certificate or a screenshot of the completion page.")
    with transaction.atomic():
        Member.objects.select_for_update().only("pk").get(pk=member.pk)  # one declaration at a time
        existing = Completion.objects.filter(
            member=member, course=course, completed_on=completed_on, status=Completion.Status.PENDING
        ).first()
        if existing is not None:
            return existing
        completion = Completion(
            member=member,
            course=course,
            source=source,
            status=Completion.Status.PENDING,
            completed_on=completed_on,
            issued_by=issued_by.strip(),
            member_note=note.strip(),
            evidence_name=(getattr(evidence, "name", "") or "evidence")[-255:],
            recorded_by=_actor(actor),
        )
        completion.evidence.save(completion.evidence_name, evidence, save=False)
        completion.save()
        Event.record(
            action=Event.Action.COMPLETION,
            actor=actor,
            member=member,
            completion=completion,
            to_status=Completion.Status.PENDING,
            note=f"Declared: {completion.get_source_display()}",
        )
    return completion


def completion_record(
    *, member: Member, course: Course, completed_on: datetime.date, source: str, actor, issued_by: str = ""
) -> Completion:
    """Member Support records a completion they have seen evidence of; it counts at once."""
    if completed_on > timezone.localdate():
        raise DomainError("The completion date cannot be in the future.")
    with transaction.atomic():
        completion = Completion.objects.create(
            member=member,
            course=course,
            source=source,
            status=Completion.Status.VERIFIED,
            completed_on=completed_on,
            expires_on=course.expiry_for(completed_on),
            issued_by=issued_by,
            recorded_by=_actor(actor),
            verified_by=_actor(actor),
            verified_at=timezone.now(),
        )
        Event.record(
            action=Event.Action.COMPLETION,
            actor=actor,
            member=member,
            completion=completion,
            to_status=Completion.Status.VERIFIED,
            note=f"Recorded by Member Support: {completion.get_source_display()}",
        )
        _close_assignments(completion)
    return completion


def completion_verify(*, completion: Completion, actor) -> Completion:
    """Accept a declaration: it now counts, and expires after the course's refresher period."""
    with transaction.atomic():
        completion = (
            Completion.objects.select_for_update(of=("self",))
            .select_related("course", "member__user")
            .get(pk=completion.pk)
        )
        if completion.status == Completion.Status.VERIFIED:
            return completion
        COMPLETION_WORKFLOW.check(completion.status, Completion.Status.VERIFIED)
        before = completion.status
        completion.status = Completion.Status.VERIFIED
        completion.expires_on = completion.course.expiry_for(completion.completed_on)
        completion.verified_by = _actor(actor)
        completion.verified_at = timezone.now()
        completion.save(update_fields=["status", "expires_on", "verified_by", "verified_at", "updated_at"])
        Event.record(
            action=Event.Action.VERIFICATION,
            actor=actor,
            member=completion.member,
            completion=completion,
            from_status=before,
            to_status=completion.status,
        )
        _close_assignments(completion)
        _email_member(
            completion.member,
            "completion_verified",
            completion=completion,
            course=completion.course,
            record_link=_link(reverse("training:my_record")),
        )
    return completion


def completion_reject(*, completion: Completion, actor, reason: str) -> Completion:
    """Turn down a declaration, saying why (the member is told)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why the evidence is not accepted: the member is told.")
    with transaction.atomic():
        completion = (
            Completion.objects.select_for_update(of=("self",))
            .select_related("course", "member__user")
            .get(pk=completion.pk)
        )
        if completion.status == Completion.Status.REJECTED:
            return completion
        COMPLETION_WORKFLOW.check(completion.status, Completion.Status.REJECTED)
        before = completion.status
        completion.status = Completion.Status.REJECTED
        completion.rejection_reason = reason
        completion.verified_by = _actor(actor)
        completion.verified_at = timezone.now()
        completion.save(
            update_fields=["status", "rejection_reason", "verified_by", "verified_at", "updated_at"]
        )
        Event.record(
            action=Event.Action.VERIFICATION,
            actor=actor,
            member=completion.member,
            completion=completion,
            from_status=before,
            to_status=completion.status,
            note=reason,
        )
        _email_member(
            completion.member,
            "completion_rejected",
            completion=completion,
            course=completion.course,
            reason=reason,
            course_link=_link(completion.course.get_absolute_url()),
        )
    return completion
