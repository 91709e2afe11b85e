"""Move what a training service just stamped "now" back to the moment the demo story needs.

The services stamp the present. ``backdate(since, to)`` moves every training
timestamp set at or after ``since`` (the moment before the service call) to
``to``, with queryset updates of timestamp fields only: statuses, marks and
every other workflow field stay as the services left them. The demo runs
alone in its transaction, so "at or after ``since``" is exactly what that call made.
"""

import contextlib
import datetime

from django.utils import timezone

from training.models import Booking, Completion, CourseAssignment, Event, InductionAssignment, Session

TIMESTAMPS = {
    Event: ("created_at",),
    Booking: ("created_at", "queued_at", "booked_at", "cancelled_at", "attendance_marked_at"),
    Completion: ("created_at", "verified_at"),
    CourseAssignment: ("assigned_at", "closed_at"),
    InductionAssignment: ("assigned_at",),
    Session: ("cancelled_at",),
}


def backdate(since: datetime.datetime, to: datetime.datetime) -> datetime.datetime:
    """Move every timestamp set at or after ``since`` to ``to``; returns the next ``since``."""
    for model, names in TIMESTAMPS.items():
        for name in names:
            model.objects.filter(**{f"{name}__gte": since}).update(**{name: to})
    return timezone.now()


@contextlib.contextmanager
def open_for_booking(session: Session):
    """Let a past session take its bookings, as it did before it ran.

    The session's times are reference data (sessions are scheduled in the
    admin): they move five years ahead while the bookings are made through the
    booking service, and back when it is done.
    """
    times = {name: getattr(session, name) for name in ("starts_at", "ends_at", "booking_deadline")}
    ahead = datetime.timedelta(days=366 * 5)
    Session.objects.filter(pk=session.pk).update(
        **{name: value + ahead for name, value in times.items() if value is not None}
    )
    try:
        yield
    finally:
        Session.objects.filter(pk=session.pk).update(**times)
        session.refresh_from_db()
