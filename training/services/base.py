"""Writes for training and induction. Views, admin actions, commands and other apps call these.."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone

from portal.emails import send_templated_email
from portal.models import Member
from training.models import (
    BOOKING_WORKFLOW,
    Booking,
    Event,
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
