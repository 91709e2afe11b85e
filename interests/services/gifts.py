"""Gifts and hospitality: declared by the member (or typed in from paper), flagged when late."""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from portal.errors import DomainError

from .. import access
from ..models import Gift
from .base import atomic, locked_register, record, require
from .returns import NOT_YOURS


def gift_declare(
    *,
    member,
    actor,
    giver: str,
    description: str,
    value: Decimal,
    received_on: datetime.date,
    accepted: bool,
    token: uuid.UUID,
) -> tuple[Gift, bool]:
    """Register a gift or hospitality, accepted or declined. Returns (gift, created).

    The same form posted twice gives back the first declaration. A declaration
    made more than the allowed days after receipt is kept, marked late.
    """
    require(access.can_write_register(actor, member), NOT_YOURS)
    giver, description = giver.strip(), description.strip()
    if not giver or not description:
        raise DomainError("Say who offered it and what it was.")
    if value is None or value < 0:
        raise DomainError("The value cannot be below zero.")
    now = timezone.now()
    if received_on > timezone.localdate(now):
        raise DomainError("The date received cannot be in the future.")
    existing = Gift.objects.filter(submission_token=token).first()
    if existing is not None:
        return _same_member(existing, member), False
    late = (timezone.localdate(now) - received_on).days > settings.INTERESTS_REGISTRATION_DAYS
    try:
        with atomic():
            register = locked_register(member)
            gift = Gift.objects.create(
                member=member,
                giver=giver,
                description=description,
                value=value,
                received_on=received_on,
                accepted=accepted,
                declared_at=now,
                declared_by=actor,
                on_paper=not access.is_own(actor, member),
                is_late=late,
                submission_token=token,
            )
            what = "accepted" if accepted else "declined"
            record(
                register,
                actor=actor,
                action="gift_declared",
                note=f"{description} from {giver}, £{value}, {what}" + (", registered late" if late else ""),
            )
    except IntegrityError:
        existing = Gift.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return _same_member(existing, member), False
    return gift, True


def _same_member(gift, member):
    if gift.member_id != member.pk:
        raise DomainError("This form has already been used. Please open the form again.")
    return gift
