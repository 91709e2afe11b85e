"""Booking."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.errors import DomainError
from portal.models import Member
from training.models import (
    Booking,
    Event,
    Session,
)
from training.services.base import (
    _actor,
    _booked_count,
    _email_member,
    _lock_session,
    _move,
    _promote_waiting,
    _session_context,
    _when,
)


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
        if not on_behalf and not session.course.is_for(member):
            # Member Support may still book anyone on purpose (book-a-member).
            raise DomainError(
                f"This course is for {session.course.get_audience_display().lower()} only. "
                "Contact Member Support if you think you should take it."
            )
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
