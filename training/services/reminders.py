"""Reminders."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from training.models import (
    Booking,
    Event,
    InductionAssignment,
    Session,
)
from training.services.base import INDUCTION_REMINDER_INTERVAL, REMINDER_LEAD, _email_member, _session_context
from training.services.induction import induction_remind


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
