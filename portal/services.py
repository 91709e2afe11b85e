"""Writes to people and access. Views and admin actions call these; nothing else saves."""

from contextlib import contextmanager

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.emails import send_templated_email
from portal.errors import DomainError
from portal.models import AuditEvent, Member, User
from portal.roles import ROLE_FOR_MEMBER_TYPE, granted_permissions, holds_casework
from portal.tokens import invitation_token_generator, password_reset_token_generator

BACK_OFFICE_PERMISSION = "portal.access_back_office"
# A role carrying any of these (or a casework permission) is granted only by a superuser.
OFFICER_PERMISSIONS = {BACK_OFFICE_PERMISSION, "portal.requires_mfa"}


class AccountChangeRefused(DomainError):
    """An attempt to change someone's account that the rules below forbid; it is audited."""

    def __init__(self, message, *, target=None, attempted=""):
        super().__init__(message)
        self.target = target
        self.attempted = attempted


def audit_record(*, actor, action, subject=None, note, data=None) -> AuditEvent:
    # Assigning a None subject would blank object_id, which must be a string.
    about = {"subject": subject} if subject is not None else {}
    return AuditEvent.record(actor=actor, action=action, note=note, data=data or {}, **about)


# --- Who may change whose account ------------------------------------------------
#
# The rule (SECURITY.md, "Accounts"): a superuser may change any account, except
# set another person's password (they send a reset link instead). Anyone else
# with the back office's user permissions may change only their own name and
# email, and only while their account opens no casework; on another person's
# account they may only give or take member-level roles (councillor, co-opted
# member, steering group), and only while that account opens no casework and
# no back office. Roles that open casework, the back office or demand two-factor
# sign-in (Independent Person, Monitoring Officer, Deputy, Member Support) are
# granted by a superuser alone.


def is_officer_or_casework_account(user) -> bool:
    return user.is_superuser or holds_casework(user) or bool(granted_permissions(user) & OFFICER_PERMISSIONS)


def account_details_changeable(*, target, actor) -> bool:
    """Whether ``actor`` may change ``target``'s email, name, active and staff flags."""
    if actor.is_superuser:
        return True
    return target.pk == actor.pk and not holds_casework(target)


def account_roles_changeable(*, target, actor) -> bool:
    """Whether ``actor`` may give or take (grantable) roles on ``target``'s account."""
    if actor.is_superuser:
        return True
    if target.pk == actor.pk:
        return not holds_casework(target)  # and only roles they may grant: never a promotion
    return not is_officer_or_casework_account(target)


def account_changeable(*, target, actor) -> bool:
    return account_details_changeable(target=target, actor=actor) or account_roles_changeable(
        target=target, actor=actor
    )


ACCOUNT_DETAIL_FIELDS = ("email", "full_name", "is_active", "is_staff", "is_superuser", "password")


def account_details_check(*, target, actor, changed) -> None:
    """Refuse a change to ``target``'s sign-in details that ``actor`` may not make."""
    changed = set(changed) & set(ACCOUNT_DETAIL_FIELDS)
    if not changed:
        return
    if "password" in changed and target.pk != actor.pk:
        raise AccountChangeRefused(
            "Nobody sets another person's password. Send them a reset link instead.",
            target=target,
            attempted="set the password",
        )
    if not account_details_changeable(target=target, actor=actor) or (
        "is_superuser" in changed and not actor.is_superuser
    ):
        raise AccountChangeRefused(
            f"Only an administrator can change {', '.join(sorted(changed))} of {target.email}.",
            target=target,
            attempted="change " + ", ".join(sorted(changed)),
        )


def grantable_group_ids(actor) -> set[int]:
    """Roles the actor may give to someone (themselves included).

    A superuser may grant any role. Anyone else may grant only member-level
    roles: never one that opens casework or the back office or demands
    two-factor sign-in, so nobody can promote themselves or anyone else into
    confidential casework.
    """
    from portal.roles import casework_permissions

    groups = Group.objects.prefetch_related("permissions__content_type")
    if actor.is_superuser:
        return {group.pk for group in groups}
    reserved = OFFICER_PERMISSIONS | casework_permissions()
    return {
        group.pk
        for group in groups
        if not ({f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} & reserved)
    }


def account_change_refusal_record(*, actor, target, attempted: str, reason: str) -> AuditEvent:
    """Write the audit row for a refused change to someone's account."""
    who = target.email if target is not None else "an account"
    return audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCOUNT_CHANGE_REFUSED,
        subject=target,
        note=f"Refused: {attempted} for {who}",
        data={"attempted": attempted, "reason": reason},
    )


@contextmanager
def _refusals_audited(actor):
    """Audit an AccountChangeRefused raised inside, after its transaction has rolled back."""
    try:
        yield
    except AccountChangeRefused as refusal:
        account_change_refusal_record(
            actor=actor, target=refusal.target, attempted=refusal.attempted, reason=str(refusal)
        )
        raise


def password_reset_link_send(*, user: User, actor) -> None:
    """Email someone a link to choose a new password: the only way an officer resets one.

    The link goes to the account's own address, so whoever sends it learns nothing.
    """
    with _refusals_audited(actor), transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise AccountChangeRefused(
                f"The login for {user.email} is switched off, so no reset link was sent.",
                target=user,
                attempted="send a password reset link",
            )
        if not (actor.is_superuser or account_changeable(target=user, actor=actor)):
            raise AccountChangeRefused(
                f"Only an administrator can send {user.email} a reset link.",
                target=user,
                attempted="send a password reset link",
            )
        path = reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": password_reset_token_generator.make_token(user),
            },
        )
        get_account_adapter().send_mail(
            "account/email/password_reset_key",
            user.email,
            {"user": user, "password_reset_url": settings.SITE_URL + path, "request": None},
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.PASSWORD_RESET_SENT,
            subject=user,
            note=f"Sent {user.email} a password reset link",
        )


def member_invite(*, member: Member, actor) -> User:
    """Give a member a login (if needed) and email them a link to set a password.

    The link is allauth's password-reset link, so it expires after
    PASSWORD_RESET_TIMEOUT and stops working once a password is set. Calling
    this again for the same member re-sends a fresh link: the login, its role
    and its email address are reused, never duplicated.

    An invitation only ever makes a new login: it never links the member to a
    login that already exists (the acting officer's, or anyone's with roles),
    because whoever can edit the member's email address would otherwise take
    that login over, or become the member.
    """
    with _refusals_audited(actor), transaction.atomic():
        # Lock first and check the locked row, so two officers inviting the same
        # member at once give one login between them.
        member = Member.objects.select_for_update().get(pk=member.pk)
        if not member.email:
            raise DomainError(f"{member.full_name} has no email address, so cannot be invited.")
        if member.status != Member.Status.ACTIVE:
            raise DomainError(f"{member.full_name} has left, so cannot be invited.")
        user = member.user or _new_user_for_member(member, actor=actor)
        if user.pk == actor.pk:
            raise AccountChangeRefused(
                f"You cannot invite {member.full_name}: the member is linked to your own login.",
                target=user,
                attempted=f"invite {member.full_name} to your own login",
            )
        if not user.is_active:
            raise DomainError(
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
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": invitation_token_generator.make_token(user),
            },
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


def _new_user_for_member(member: Member, *, actor) -> User:
    """A new login without a password; refused when the address already belongs to a login.

    "Belongs" counts a login's other addresses too (allauth's EmailAddress rows, verified
    or not): otherwise an officer could put their own second address on a member who has
    no login yet, and the invitation (a set-your-password link) would come to them.
    """
    user = User.objects.select_for_update().filter(email__iexact=member.email).first()
    user = user or User.objects.filter(emailaddress__email__iexact=member.email).first()
    if user is not None and user.pk == actor.pk:
        raise AccountChangeRefused(
            f"{member.email} is an address of your own login, so {member.full_name}'s invitation "
            "cannot go to it. Give the member their own email address.",
            target=user,
            attempted=f"invite {member.full_name} at an address of the officer's own login",
        )
    if user is not None:
        if Member.objects.filter(user=user).exclude(pk=member.pk).exists():
            raise AccountChangeRefused(
                f"{member.email} already belongs to another member's login.",
                target=user,
                attempted=f"invite {member.full_name} to an existing login",
            )
        raise AccountChangeRefused(
            f"{member.email} already has a login, so {member.full_name} cannot be invited with it. "
            "Ask an administrator to link the login, or give the member another address.",
            target=user,
            attempted=f"invite {member.full_name} to an existing login",
        )
    try:
        with transaction.atomic():
            return User.objects.create_user(email=member.email, full_name=member.full_name)
    except IntegrityError:
        raise DomainError(
            f"A login for {member.email} was created at the same moment; try inviting "
            f"{member.full_name} again."
        ) from None


def user_roles_set(*, user: User, groups, actor) -> bool:
    """Give a user exactly these roles (groups); record the change. Returns whether anything changed.

    Roles the actor may not grant must stay as they are (the back office's
    user admin keeps them); anything else is refused and audited.
    """
    wanted = {group.pk: group for group in groups}
    with _refusals_audited(actor), transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = {group.pk: group.name for group in user.groups.all()}
        if set(before) == set(wanted):
            return False
        if not account_roles_changeable(target=user, actor=actor):
            raise AccountChangeRefused(
                f"Only an administrator can change the roles of {user.email}.",
                target=user,
                attempted="change roles",
            )
        grantable = grantable_group_ids(actor)
        changed = set(before) ^ set(wanted)
        if changed - grantable:
            names = sorted({before.get(pk) or wanted[pk].name for pk in changed - grantable})
            raise AccountChangeRefused(
                f"Only an administrator can give or take the role(s) {', '.join(names)}.",
                target=user,
                attempted="grant or remove " + ", ".join(names),
            )
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
