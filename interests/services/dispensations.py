"""Dispensations (s.33): the member asks; the Monitoring Officer or the Standards Committee decides."""

import datetime
import uuid

from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from portal.errors import DomainError

from .. import access
from ..models import Dispensation
from .base import atomic, email_member, email_officers, link, locked_register, record, require
from .returns import NOT_YOURS

MAX_YEARS = 4


def latest_end(starts_on: datetime.date) -> datetime.date:
    """The last day a dispensation starting on ``starts_on`` may run to: four years on."""
    try:
        return starts_on.replace(year=starts_on.year + MAX_YEARS)
    except ValueError:  # 29 February
        return starts_on.replace(year=starts_on.year + MAX_YEARS, day=28)


def dispensation_request(*, member, actor, matters: str, reasons: str, token: uuid.UUID) -> tuple:
    """Record a member's request for a dispensation. Returns (dispensation, created)."""
    require(access.can_write_register(actor, member), NOT_YOURS)
    matters, reasons = matters.strip(), reasons.strip()
    if not matters or not reasons:
        raise DomainError("Say which matters the dispensation is for, and why you ask.")
    existing = Dispensation.objects.filter(submission_token=token, member=member).first()
    if existing is not None:
        return existing, False
    try:
        with atomic():
            register = locked_register(member)
            dispensation = Dispensation.objects.create(
                member=member, matters=matters, reasons=reasons, requested_by=actor, submission_token=token
            )
            record(register, actor=actor, action="dispensation_requested", note=matters[:200])
            email_officers(
                "dispensation_requested",
                member=member,
                link=link(reverse("interests:dispensation", args=[dispensation.pk])),
            )
    except IntegrityError:
        existing = Dispensation.objects.filter(submission_token=token, member=member).first()
        if existing is None:
            raise DomainError("This form has already been used. Please open the form again.") from None
        return existing, False
    return dispensation, True


def dispensation_decide(
    *,
    dispensation_id: int,
    actor,
    grant: bool,
    decided_by_body: str,
    note: str,
    grounds: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Dispensation:
    """Grant or refuse a request, once. A grant names its grounds and runs at most four years."""
    require(
        access.is_registers_officer(actor), "Only the Monitoring Officer and the Deputy record decisions."
    )
    if decided_by_body not in Dispensation.DecidedBy.values:
        raise DomainError("Say who made the decision.")
    if not note.strip():
        raise DomainError("Give the reasons for the decision.")
    if grant:
        if grounds not in Dispensation.Grounds.values:
            raise DomainError("Choose the grounds for granting it.")
        if starts_on is None or ends_on is None:
            raise DomainError("Give the dates the dispensation starts and ends.")
        if ends_on <= starts_on:
            raise DomainError("The dispensation must end after it starts.")
        if ends_on > latest_end(starts_on):
            raise DomainError(
                f"A dispensation may last at most four years: end it by {latest_end(starts_on):%d %B %Y}."
            )
    with atomic():
        member = Dispensation.objects.select_related("member").get(pk=dispensation_id).member
        register = locked_register(member)
        dispensation = Dispensation.objects.select_for_update().get(pk=dispensation_id)
        if dispensation.decision != Dispensation.Decision.REQUESTED:
            raise DomainError("This request has already been decided.")
        dispensation.decision = Dispensation.Decision.GRANTED if grant else Dispensation.Decision.REFUSED
        dispensation.decided_by_body = decided_by_body
        dispensation.decision_note = note.strip()
        dispensation.decided_at = timezone.now()
        dispensation.decided_by = actor
        dispensation.grounds = grounds if grant else ""
        dispensation.starts_on = starts_on if grant else None
        dispensation.ends_on = ends_on if grant else None
        dispensation.save(
            update_fields=[
                "decision",
                "decided_by_body",
                "decision_note",
                "decided_at",
                "decided_by",
                "grounds",
                "starts_on",
                "ends_on",
            ]
        )
        record(
            register,
            actor=actor,
            action="dispensation_decided",
            note=f"{dispensation.get_decision_display()}: {dispensation.matters[:150]}",
            source=Dispensation.Decision.REQUESTED,
            target=dispensation.decision,
        )
        email_member(
            member, "dispensation_decided", dispensation=dispensation, link=link(register.get_absolute_url())
        )
    return dispensation
