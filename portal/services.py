"""Writes to people and access. Views and admin actions call these; nothing else saves."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.emails import send_templated_email
from portal.models import AuditEvent, Member, User
from portal.roles import ROLE_FOR_MEMBER_TYPE


class ServiceError(Exception):
    """A request the current state does not allow; the message is for the user."""


def audit_record(*, actor, action, subject=None, note, data=None) -> AuditEvent:
    # Assigning a None subject would blank object_id, which must be a string.
    about = {"subject": subject} if subject is not None else {}
    return AuditEvent.record(actor=actor, action=action, note=note, data=data or {}, **about)


def member_invite(*, member: Member, actor) -> User:
    """Give a member a login (if needed) and email them a link to set a password.

    The link is allauth's password-reset link, so it expires after
    PASSWORD_RESET_TIMEOUT and stops working once a password is set. Calling
    this again for the same member re-sends a fresh link: the login, its role
    and its email address are reused, never duplicated.
    """
    with transaction.atomic():
        # Lock first and check the locked row, so two officers inviting the same
        # member at once give one login between them.
        member = Member.objects.select_for_update().get(pk=member.pk)
        if not member.email:
            raise ServiceError(f"{member.full_name} has no email address, so cannot be invited.")
        if member.status != Member.Status.ACTIVE:
            raise ServiceError(f"{member.full_name} has left, so cannot be invited.")
        user = member.user or _user_for_member_email(member)
        if not user.is_active:
            raise ServiceError(
                f"The login for {user.email} is switched off. Switch it on before inviting "
                f"{member.full_name} again."
            )
        member.user = user
        role = ROLE_FOR_MEMBER_TYPE[member.member_type]
        user.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
        EmailAddress.objects.update_or_create(
            user=user,
            email__iexact=user.email,
            defaults={"email": user.email, "primary": True, "verified": True},
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
            note=f"Invited {member.full_name} ({user.email}) to sign in",
            data={"user_id": user.pk, "role": role},
        )
    return user


def _user_for_member_email(member: Member) -> User:
    """The login a member's email already has (if free), or a new one without a password."""
    user = User.objects.select_for_update().filter(email__iexact=member.email).first()
    if user is not None:
        if Member.objects.filter(user=user).exclude(pk=member.pk).exists():
            raise ServiceError(f"{member.email} already belongs to another member's login.")
        return user
    try:
        with transaction.atomic():
            return User.objects.create_user(email=member.email, full_name=member.full_name)
    except IntegrityError:
        raise ServiceError(
            f"A login for {member.email} was created at the same moment; try inviting "
            f"{member.full_name} again."
        ) from None


def user_roles_set(*, user: User, groups, actor) -> bool:
    """Give a user exactly these roles (groups); record the change. Returns whether anything changed.

    Whether the actor may grant these roles is the caller's check (the back
    office's user admin keeps roles the actor cannot grant).
    """
    wanted = {group.pk: group for group in groups}
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = {group.pk: group.name for group in user.groups.all()}
        if set(before) == set(wanted):
            return False
        user.groups.set(list(wanted.values()))
        added = sorted(group.name for pk, group in wanted.items() if pk not in before)
        removed = sorted(name for pk, name in before.items() if pk not in wanted)
        parts = []
        if added:
            parts.append("added " + ", ".join(added))
        if removed:
            parts.append("removed " + ", ".join(removed))
        audit_record(
            actor=actor,
            action=AuditEvent.Action.ROLE_CHANGED,
            subject=user,
            note=f"Roles of {user.email}: " + "; ".join(parts),
            data={"added": added, "removed": removed, "roles": sorted(g.name for g in wanted.values())},
        )
    return True
