"""Writes for training and induction. Views, admin actions, commands and other apps call these.

Every function is keyword-only, runs in one transaction, locks what two people
could change at once, writes an Event row, and sends email only once the
transaction commits (portal.emails queues it then). A refused request raises
DomainError with a message for the person.

Locking order, always: the session row, then booking rows, then anything else.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone

from portal.emails import send_templated_email
from portal.errors import DomainError
from portal.models import Member
from training.models import (
    BOOKING_WORKFLOW,
    COMPLETION_WORKFLOW,
    Booking,
    CalendarFeed,
    Completion,
    Course,
    CourseAssignment,
    Event,
    InductionAssignment,
    InductionPack,
    Session,
)

# Reminders go out this long before a session starts.
REMINDER_LEAD = datetime.timedelta(days=2)
# A member behind on induction is reminded at most this often by the automatic run.
INDUCTION_REMINDER_INTERVAL = datetime.timedelta(days=7)


# --- Helpers ------------------------------------------------------------------


def _actor(user):
    return user if getattr(user, "pk", None) else None


def member_address(member: Member) -> str:
    """Where a member's email goes: their own address, else their login's."""
    if member.email:
        return member.email
    if member.user_id:
        return member.user.email
    return ""


def _link(path: str) -> str:
    return settings.SITE_URL + path


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return formats.date_format(local, "l j F Y") + ", " + formats.time_format(local, "H:i")


def _email_member(member, template, **context):
    address = member_address(member)
    if not address:
        return False
    send_templated_email(
        to=[address],
        template=f"training/email/{template}",
        context={"member": member, **context},
    )
    return True


def _session_context(session):
    return {
        "session": session,
        "course": session.course,
        "when": _when(session.starts_at),
        "ends": formats.time_format(timezone.localtime(session.ends_at), "H:i"),
        "session_link": _link(session.get_absolute_url()),
        "calendar_link": _link(reverse("training:session_ics", kwargs={"pk": session.pk})),
    }


def _move(booking, target, *, actor, note="", now=None, **fields):
    """Apply one booking transition and write its event row. The caller holds the session lock."""
    source = booking.status
    BOOKING_WORKFLOW.check(source, target)
    now = now or timezone.now()
    booking.status = target
    update = ["status", "updated_at", *fields]
    for name, value in fields.items():
        setattr(booking, name, value)
    if target == Booking.Status.BOOKED:
        booking.booked_at = now
        update.append("booked_at")
    elif target == Booking.Status.WAITING:
        booking.queued_at = now
        update.append("queued_at")
    else:
        booking.cancelled_at = now
        update.append("cancelled_at")
    booking.save(update_fields=update)
    Event.record(
        action=Event.Action.BOOKING,
        actor=actor,
        member=booking.member,
        session=booking.session,
        booking=booking,
        from_status=source,
        to_status=target,
        note=note,
    )
    return booking


def _lock_session(session) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)


def _booked_count(session) -> int:
    return Booking.objects.filter(session=session, status=Booking.Status.BOOKED).count()


def _promote_waiting(session, *, actor, places: int, now=None) -> list[Booking]:
    """Give up to ``places`` freed places to the waiting list, first come first served."""
    if places <= 0 or session.is_cancelled or session.has_started(now):
        return []
    waiting = list(
        Booking.objects.select_for_update(of=("self",))
        .select_related("member__user")
        .filter(session=session, status=Booking.Status.WAITING)
        .order_by("queued_at", "pk")[:places]
    )
    for booking in waiting:
        booking.session = session
        _move(booking, Booking.Status.BOOKED, actor=actor, note="Promoted from the waiting list", now=now)
        _email_member(booking.member, "promoted", **_session_context(session))
    return waiting


# --- Booking ------------------------------------------------------------------


def booking_book(*, session: Session, member: Member, actor, on_behalf: bool = False) -> Booking:
    """Give the member a place, or a place on the waiting list if the session is full.

    Idempotent: a member who already has a place (or is already waiting) gets
    their booking back unchanged, so a double-click books once. ``on_behalf``
    (Member Support booking for a member) may book after the booking deadline.
    The session row is locked while places are counted, so concurrent requests
    can never overfill it. ``booking.changed`` says whether anything happened.
    """
    with transaction.atomic():
        session = _lock_session(session)
        now = timezone.now()  # after the lock, so the waiting list is in the order requests got through
        existing = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("member__user")
            .filter(session=session, member=member)
            .first()
        )
        if existing is not None and existing.is_active:
            existing.changed = False
            return existing
        if session.is_cancelled:
            raise DomainError("This session has been cancelled, so it cannot be booked.")
        if session.has_started(now):
            raise DomainError("This session has already started, so it can no longer be booked.")
        if not on_behalf and now >= session.booking_closes_at:
            raise DomainError(
                f"Booking for this session closed on {_when(session.booking_closes_at)}. "
                "Contact Member Support if you still need a place."
            )
        if member.status != Member.Status.ACTIVE:
            raise DomainError(f"{member.full_name} is no longer a serving member, so cannot be booked.")
        has_queue = Booking.objects.filter(session=session, status=Booking.Status.WAITING).exists()
        target = (
            Booking.Status.BOOKED
            if not has_queue and _booked_count(session) < session.capacity
            else Booking.Status.WAITING
        )
        note = f"Booked by {actor} for the member" if on_behalf else ""
        booked_by = _actor(actor) if on_behalf else None
        if existing is None:
            booking = Booking.objects.create(
                session=session,
                member=member,
                status=target,
                booked_at=now if target == Booking.Status.BOOKED else None,
                queued_at=now if target == Booking.Status.WAITING else None,
                booked_by=booked_by,
            )
            Event.record(
                action=Event.Action.BOOKING,
                actor=actor,
                member=member,
                session=session,
                booking=booking,
                to_status=target,
                note=note,
            )
        else:
            booking = _move(existing, target, actor=actor, note=note, now=now, booked_by=booked_by)
        booking.session = session
        context = _session_context(session)
        if target == Booking.Status.BOOKED:
            _email_member(member, "booking_confirmed", on_behalf=on_behalf, **context)
        else:
            context["position"] = waiting_position(booking)
            _email_member(member, "waiting_list_joined", on_behalf=on_behalf, **context)
    booking.changed = True
    return booking


def waiting_position(booking: Booking) -> int:
    """1 for the first person waiting."""
    return (
        Booking.objects.filter(session_id=booking.session_id, status=Booking.Status.WAITING)
        .filter(Q(queued_at__lt=booking.queued_at) | Q(queued_at=booking.queued_at, pk__lt=booking.pk))
        .count()
        + 1
    )


def booking_cancel(*, booking: Booking, actor, override_cutoff: bool = False) -> Booking:
    """Cancel a place, or leave the waiting list. A freed place goes to the first person waiting.

    Members may cancel a place until the session's cut-off; Member Support
    (``override_cutoff``) until it starts. Anyone may leave the waiting list
    until the session starts. Cancelling twice changes nothing.
    """
    with transaction.atomic():
        session = _lock_session(booking.session)
        now = timezone.now()
        booking = (
            Booking.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=booking.pk)
        )
        booking.session = session
        if not booking.is_active:
            booking.changed = False
            return booking
        if session.has_started(now):
            raise DomainError("This session has already started, so the booking can no longer be changed.")
        if booking.is_waiting:
            _move(booking, Booking.Status.LEFT_WAITING_LIST, actor=actor, now=now)
            _email_member(booking.member, "waiting_list_left", **_session_context(session))
        else:
            if not override_cutoff and now >= session.cancellation_cutoff:
                raise DomainError(
                    f"Places on this session can only be cancelled online until "
                    f"{_when(session.cancellation_cutoff)}. Please contact Member Support."
                )
            by_officer = booking.member.user_id != getattr(actor, "pk", None)
            _move(
                booking,
                Booking.Status.CANCELLED,
                actor=actor,
                now=now,
                note=f"Cancelled by {actor}" if by_officer else "",
            )
            _email_member(
                booking.member, "booking_cancelled", by_officer=by_officer, **_session_context(session)
            )
            _promote_waiting(session, actor=actor, places=1, now=now)
    booking.changed = True
    return booking


def session_fill_from_waiting_list(*, session: Session, actor) -> list[Booking]:
    """After places are added to a session, give them to the waiting list in order."""
    with transaction.atomic():
        session = _lock_session(session)
        free = session.capacity - _booked_count(session)
        return _promote_waiting(session, actor=actor, places=free)


def session_cancel(*, session: Session, actor, reason: str) -> Session:
    """Cancel a session and tell everyone booked or waiting, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give a reason: it goes to everyone booked on the session.")
    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(session)
        if session.is_cancelled:
            return session
        if session.has_started(now):
            raise DomainError("This session has already started, so it cannot be cancelled.")
        session.status = Session.Status.CANCELLED
        session.cancelled_reason = reason
        session.cancelled_at = now
        session.save(update_fields=["status", "cancelled_reason", "cancelled_at", "updated_at"])
        Event.record(
            action=Event.Action.SESSION_CANCELLED,
            actor=actor,
            session=session,
            from_status=Session.Status.SCHEDULED,
            to_status=Session.Status.CANCELLED,
            note=reason,
        )
        affected = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("member__user")
            .filter(session=session, status__in=Booking.ACTIVE)
            .order_by("pk")
        )
        context = {**_session_context(session), "reason": reason}
        for booking in affected:
            was_booked = booking.is_booked
            booking.session = session
            _move(booking, Booking.Status.SESSION_CANCELLED, actor=actor, now=now, note=reason)
            _email_member(booking.member, "session_cancelled", was_booked=was_booked, **context)
    return session


# --- Attendance and completions -------------------------------------------------


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


# --- Assignments (individual requirements) ---------------------------------------


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


# --- Induction ------------------------------------------------------------------


def induction_assign(
    *, pack: InductionPack, member: Member, actor, how=InductionAssignment.How.INDIVIDUAL, start_date=None
) -> tuple[InductionAssignment, bool]:
    """Give a member an induction pack. Giving it again changes nothing. Returns (assignment, created)."""
    with transaction.atomic():
        assignment, created = InductionAssignment.objects.get_or_create(
            pack=pack,
            member=member,
            defaults={
                "start_date": start_date or member.term_start,
                "how": how,
                "assigned_by": _actor(actor),
            },
        )
        if created:
            Event.record(
                action=Event.Action.INDUCTION,
                actor=actor,
                member=member,
                note=f"{pack.name} ({assignment.get_how_display().lower()})",
            )
            _email_member(
                member,
                "induction_assigned",
                pack=pack,
                assignment=assignment,
                record_link=_link(reverse("training:my_record")),
            )
    return assignment, created


def induction_assign_cohort(
    *, pack: InductionPack, started_from: datetime.date, started_to: datetime.date | None = None, actor
) -> int:
    """Give the pack to every serving member whose term started in the range. Returns how many were new."""
    members = Member.objects.current().filter(term_start__gte=started_from).select_related("user")
    if started_to:
        members = members.filter(term_start__lte=started_to)
    created = 0
    with transaction.atomic():
        for member in members:
            _, was_created = induction_assign(
                pack=pack, member=member, actor=actor, how=InductionAssignment.How.COHORT
            )
            created += was_created
    return created


def induction_assign_new_member(*, member: Member) -> list[InductionAssignment]:
    """Called when a member is added: give them every open pack they start after."""
    assignments = []
    packs = InductionPack.objects.filter(is_active=True, auto_assign=True, opens_on__lte=member.term_start)
    for pack in packs:
        assignment, created = induction_assign(
            pack=pack, member=member, actor=None, how=InductionAssignment.How.AUTOMATIC
        )
        if created:
            assignments.append(assignment)
    return assignments


def induction_remind(*, assignments, actor, now=None) -> int:
    """Email each member in ``assignments`` who is behind; at most once a day each. Returns how many."""
    from training.selectors import induction_progress_for_assignments

    now = now or timezone.now()
    today = timezone.localdate(now)
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    sent = 0
    with transaction.atomic():
        locked = list(
            InductionAssignment.objects.select_for_update(of=("self",))
            .select_related("pack", "member__user")
            .filter(pk__in=[a.pk for a in assignments])
            .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=start_of_day))
            .order_by("pk")
        )
        for progress in induction_progress_for_assignments(locked, today=today):
            if not progress.overdue:
                continue
            assignment = progress.assignment
            if not _email_member(
                assignment.member,
                "induction_reminder",
                pack=assignment.pack,
                progress=progress,
                record_link=_link(reverse("training:my_record")),
            ):
                continue
            assignment.last_reminded_at = now
            assignment.save(update_fields=["last_reminded_at"])
            Event.record(
                action=Event.Action.REMINDER,
                actor=actor,
                member=assignment.member,
                note=f"Induction: {assignment.pack.name}, {len(progress.overdue)} overdue",
            )
            sent += 1
    return sent


# --- Reminders ----------------------------------------------------------------


def reminders_send(*, now=None) -> dict:
    """Send the reminders that are due. Safe to run as often as you like: each goes once.

    Session reminders go to everyone with a place on a session starting within
    two days. Induction reminders go to members with overdue items, at most
    once a week each.
    """
    now = now or timezone.now()
    sessions_sent = 0
    with transaction.atomic():
        bookings = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("session__course", "member__user")
            .filter(
                status=Booking.Status.BOOKED,
                reminded_at__isnull=True,
                session__status=Session.Status.SCHEDULED,
                session__starts_at__gt=now,
                session__starts_at__lte=now + REMINDER_LEAD,
            )
            .order_by("session__starts_at", "pk")
        )
        for booking in bookings:
            context = _session_context(booking.session)
            _email_member(booking.member, "session_reminder", booking=booking, **context)
            booking.reminded_at = now
            booking.save(update_fields=["reminded_at"])
            Event.record(
                action=Event.Action.REMINDER,
                actor=None,
                member=booking.member,
                session=booking.session,
                booking=booking,
                note="Session reminder",
            )
            sessions_sent += 1
    due = InductionAssignment.objects.filter(pack__is_active=True).filter(
        Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - INDUCTION_REMINDER_INTERVAL)
    )
    induction_sent = induction_remind(assignments=list(due), actor=None, now=now)
    return {"sessions": sessions_sent, "induction": induction_sent}


# --- Calendar feed ----------------------------------------------------------------


def feed_for(*, member: Member) -> CalendarFeed:
    """The member's feed; its ``token`` (the secret address) is set only if it was made just now."""
    feed, _ = CalendarFeed.objects.get_or_create(member=member)
    return feed


def feed_reset(*, member: Member, actor) -> CalendarFeed:
    """Give the member a new secret calendar address; the old one stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(member=member)
        if not created:
            feed.issue_token()
            feed.save(update_fields=["token_hash", "created_at"])
        Event.record(action=Event.Action.FEED_RESET, actor=actor, member=member)
    return feed
