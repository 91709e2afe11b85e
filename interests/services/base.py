"""What every interests service shares: the register's row, its trail, and emails."""

from django.conf import settings
from django.db import transaction

from portal.emails import send_templated_email
from portal.errors import DomainError

from ..models import InterestEvent, Register


def register_for(member) -> Register:
    """The member's register, made the first time anyone needs it."""
    register, _ = Register.objects.get_or_create(member=member)
    return register


def locked_register(member) -> Register:
    """The member's register, locked for this transaction: every write to it queues here."""
    register_for(member)
    return Register.objects.select_for_update(of=("self",)).select_related("member__user").get(member=member)


def record(register, *, actor, action: str, note: str = "", version=None, source="", target="") -> None:
    InterestEvent.record(
        register=register,
        actor=actor,
        action=action,
        note=note,
        return_version=version,
        from_status=source,
        to_status=target,
    )


def member_address(member) -> str:
    """Where a member's email goes: their own address, else their login's."""
    if member.email:
        return member.email
    if member.user_id:
        return member.user.email
    return ""


def email_member(member, template: str, **context) -> bool:
    address = member_address(member)
    if not address:
        return False
    send_templated_email(
        to=[address], template=f"interests/email/{template}", context={"member": member, **context}
    )
    return True


def email_officers(template: str, **context) -> None:
    from ..access import registers_officers

    addresses = list(registers_officers().values_list("email", flat=True))
    if addresses:
        send_templated_email(to=addresses, template=f"interests/email/{template}", context=context)


def link(path: str) -> str:
    return settings.SITE_URL + path


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise DomainError(message)


atomic = transaction.atomic
