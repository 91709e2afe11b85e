"""Bookings, waiting lists, registers and a cancelled session, all through the training services.

Past sessions are booked while they were still to come (``open_for_booking``),
then their registers are marked; each step is moved back to its day with
``backdate``. A session that already has bookings is left alone, so a second
run adds nothing.
"""

import datetime

from django.utils import timezone

from training import services
from training.models import Booking

from .backdate import backdate, open_for_booking

CANCELLED_BECAUSE = "The room is needed for a by-election count. Please book the online session."


def _book(session, member, *, at, support):
    """Book the member (themselves if they have a login, else Member Support for them) as of ``at``."""
    since = timezone.now()
    if member.user_id:
        booking = services.booking_book(session=session, member=member, actor=member.user)
    else:
        booking = services.booking_book(session=session, member=member, actor=support, on_behalf=True)
    backdate(since, at)
    return booking


def _cancel(booking, *, at, support):
    """The member cancels their own place (Member Support for those without a login) as of ``at``."""
    since = timezone.now()
    actor = booking.member.user if booking.member.user_id else support
    services.booking_cancel(booking=booking, actor=actor)
    backdate(since, at)


def _mark(session, marks: dict, *, support):
    """Mark the register (attended ones get their completion) as of the end of the session."""
    since = timezone.now()
    services.attendance_record(session=session, marks=marks, actor=support)
    backdate(since, session.ends_at)


def _roll(rng, no_shows):
    roll = rng.random()
    if roll > no_shows * 2:
        return Booking.Attendance.ATTENDED
    return Booking.Attendance.ABSENT if roll > no_shows else Booking.Attendance.NO_SHOW


def register(session, members, rng, *, support, no_shows=0.1, fixed=None):
    """Book ``members`` on a past session and mark the register, mostly attended.

    ``fixed`` gives some members a set (attendance, days booked ahead) instead of a random one.
    """
    if session.bookings.exists():
        return
    fixed = fixed or {}
    plan = []
    for member in members:
        if member.pk in fixed:
            attendance, days_before = fixed[member.pk]
        else:
            attendance = _roll(rng, no_shows)
            days_before = rng.randint(3, 20)
        plan.append((member, attendance, days_before))
    marks = {}
    with open_for_booking(session):
        for member, attendance, days_before in plan:
            at = session.starts_at - datetime.timedelta(days=days_before)
            marks[_book(session, member, at=at, support=support).pk] = attendance
    _mark(session, marks, support=support)


def book_ahead(session, members, *, at, support, step=datetime.timedelta(0)):
    """Book members on a session still to come (the full ones put the rest on the waiting list)."""
    for n, member in enumerate(members):
        _book(session, member, at=at + step * n, support=support)


def fill_sessions(sessions, people, rng, support):
    aisha, morgan, others = people["aisha"], people["morgan"], people["others"]
    planning_members = people["planning"]
    now = timezone.now()
    # 2023 induction: most of the council, Morgan included.
    register(sessions["conduct_2023"], [morgan, *others[:30]], rng, support=support, no_shows=0.05)
    # Last week's session for the by-election winner, who attended, and a few who missed 2023.
    register(
        sessions["conduct_recent"],
        [aisha, *others[30:34]],
        rng,
        support=support,
        fixed={aisha.pk: (Booking.Attendance.ATTENDED, 10)},
    )
    # Social media: a past online session, and Aisha booked on the next one.
    register(sessions["social_past"], others[5:15], rng, support=support)
    upcoming = sessions["social_next"]
    if not upcoming.bookings.exists():
        book_ahead(upcoming, [aisha], at=now - datetime.timedelta(days=2), support=support)
        book_ahead(upcoming, others[15:20], at=now - datetime.timedelta(days=4), support=support)
    _cancelled_session(sessions["social_cancelled"], others[20:23], support=support)
    # Planning: Morgan did it 14 months ago, so it has expired; most others did it 11 months ago.
    register(
        sessions["planning_old"],
        [morgan],
        rng,
        support=support,
        fixed={morgan.pk: (Booking.Attendance.ATTENDED, 12)},
    )
    trained = planning_members[:-2]  # the last two on the committees have never trained
    register(sessions["planning_recent"], trained, rng, support=support, no_shows=0.0)
    # The next planning session is full (8 places) with three waiting; Morgan has a place.
    upcoming = sessions["planning_next"]
    if not upcoming.bookings.exists():
        start = now - datetime.timedelta(days=6)
        booked = [morgan, *planning_members[-2:], *others[23:28]][: upcoming.capacity]
        waiting = [m for m in others[28:34] if m not in booked][:3]
        hour = datetime.timedelta(hours=1)
        book_ahead(upcoming, booked, at=start, step=hour, support=support)
        book_ahead(upcoming, waiting, at=start + datetime.timedelta(days=1), step=hour, support=support)
    chairing = sessions["chairing_next"]
    if not chairing.bookings.exists():
        book_ahead(chairing, others[:4], at=now - datetime.timedelta(days=1), support=support)
        # Aisha booked a place, then cancelled it through the confirmation page: her page says so.
        place = _book(chairing, aisha, at=now - datetime.timedelta(days=9), support=support)
        _cancel(place, at=now - datetime.timedelta(days=2), support=support)


def _cancelled_session(session, members, *, support):
    """Three members booked a session that Member Support then had to cancel."""
    if session.is_cancelled:
        return
    now = timezone.now()
    book_ahead(session, members, at=now - datetime.timedelta(days=12), support=support)
    since = timezone.now()
    services.session_cancel(session=session, actor=support, reason=CANCELLED_BECAUSE)
    backdate(since, now - datetime.timedelta(days=3))
