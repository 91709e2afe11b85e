"""Register."""

from django.utils import timezone

from training.models import (
    Booking,
    Session,
)


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
