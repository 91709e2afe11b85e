"""Session page."""

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.models import Member
from training.models import (
    Booking,
    Session,
)
from training.selectors.courses import _places_left, with_place_counts


@dataclass
class SessionPage:
    session: Session
    booking: Booking | None
    position: int | None
    clashes: list
    places_left: int
    attendees: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    # Whether the member is in the course's audience, so may book it themselves.
    offered: bool = True


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
        offered=member is None or session.course.is_for(member),
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
