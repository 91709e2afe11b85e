"""Writes to people and access. Views and admin actions call these; nothing else saves."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.emails import send_templated_email
from portal.models import AuditEvent, Member, User
from portal.roles import ROLE_FOR_MEMBER_TYPE


class ServiceError(Exception):
    """A request the current state does not allow; the message is for the user."""


def audit_record(*, actor, action, subject=None, summary, data=None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        subject=subject,
        summary=summary[:300],
        data=data or {},
    )


def member_invite(*, member: Member, actor) -> User:
    """Give a member a login (if needed) and email them a link to set a password.

    The link is allauth's password-reset link, so it expires after
    PASSWORD_RESET_TIMEOUT and stops working once a password is set.
    """
    if not member.email:
        raise ServiceError(f"{member.full_name} has no email address, so cannot be invited.")
    if member.status != Member.Status.ACTIVE:
        raise ServiceError(f"{member.full_name} has left, so cannot be invited.")
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        user = member.user
        if user is None:
            user = User.objects.filter(email__iexact=member.email).first()
            if user is not None and hasattr(user, "member"):
                raise ServiceError(f"{member.email} already belongs to {user.member.full_name}.")
            if user is None:
                user = User.objects.create_user(email=member.email, full_name=member.full_name)
                user.set_unusable_password()
                user.save(update_fields=["password"])
            member.user = user
        role = ROLE_FOR_MEMBER_TYPE[member.member_type]
        user.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": True}
        )
        member.invited_at = timezone.now()
        member.save(update_fields=["user", "invited_at", "updated_at"])
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
        send_templated_email(
            to=[user.email],
            template="portal/email/invitation",
            context={
                "member": member,
                "link": settings.SITE_URL + path,
                "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            },
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.MEMBER_INVITED,
            subject=member,
            summary=f"Invited {member.full_name} ({user.email}) to sign in",
        )
    return user
