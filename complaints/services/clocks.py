"""Clocks."""

import datetime

from django.db import transaction
from django.utils import timezone

from complaints import deadlines
from complaints.models import (
    CaseEvent,
    Complaint,
)
from complaints.services.base import _event, _locked
from portal.errors import DomainError


def complaint_pause(*, complaint, actor, reason: str, on: datetime.date | None = None) -> Complaint:
    """Stop the case's clock while we wait on a party (the complainant, the member, a witness)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say who or what the case is waiting for.")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.paused_since:
            raise DomainError("The clock is already paused.")
        if not complaint.clock:
            raise DomainError("No target is running at this stage, so there is no clock to pause.")
        complaint.paused_since = on or timezone.localdate()
        complaint.pause_reason = reason[:300]
        complaint.save(update_fields=["paused_since", "pause_reason", "updated_at"])
        _event(complaint, actor=actor, kind=CaseEvent.Kind.PAUSED, note=reason)
    return complaint


def complaint_resume(*, complaint, actor, on: datetime.date | None = None) -> Complaint:
    """Restart the clock: the running target moves back by the working days the pause lasted."""
    with transaction.atomic():
        complaint = _locked(complaint)
        if not complaint.paused_since:
            raise DomainError("The clock is not paused.")
        fields = _resume(complaint, actor=actor, on=on or timezone.localdate())
        complaint.save(update_fields=sorted(set(fields)))
    return complaint


def _resume(complaint, *, actor, on, note="") -> list[str]:
    if on < complaint.paused_since:
        raise DomainError("The clock cannot restart before the day it was paused.")
    lost = deadlines.paused_working_days(complaint.paused_since, on)
    complaint.paused_working_days += lost
    complaint.paused_since = None
    complaint.pause_reason = ""
    fields = ["paused_since", "pause_reason", "paused_working_days", "updated_at"]
    fields += deadlines.apply_clock(complaint)
    due = f" The target is now {complaint.due_on:%-d %B %Y}." if complaint.due_on else ""
    _event(
        complaint,
        actor=actor,
        kind=CaseEvent.Kind.RESUMED,
        note=f"{note} Paused for {lost} working day{'s' if lost != 1 else ''}.{due}".strip(),
    )
    return fields
