"""Who may open which register. Every view and service asks here, never by role name.

- A member sees and changes their own register only.
- The Monitoring Officer and the Deputy (``interests.keep_registers``) see every
  register, withheld details included, and review; a superuser only when a role
  or the account grants the permission explicitly (as for members' questions).
- Member Support (``interests.enter_paper_returns``) sees and types in the
  registers of members who have no login: parish and town members who send
  their form on paper. Their every write is on the register's trail.
- Everyone else gets the public register, and a 404 for anything else.
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

from portal.models import User

DECLARE = "interests.declare_interests"
KEEP = "interests.keep_registers"
PAPER = "interests.enter_paper_returns"

_CACHE_ATTR = "_interests_officer"


def _keep_filter() -> Q:
    return Q(codename="keep_registers", content_type__app_label="interests")


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_registers_officer(user) -> bool:
    """Whether ``user`` may see every register, sensitive details included, and publish."""
    if not _active(user):
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    allowed = user.has_perm(KEEP)
    if allowed and user.is_superuser:
        allowed = Permission.objects.filter(_keep_filter(), Q(group__user=user) | Q(user=user)).exists()
    setattr(user, _CACHE_ATTR, allowed)
    return allowed


def can_declare(user) -> bool:
    return _active(user) and user.has_perm(DECLARE)


def enters_paper_returns(user) -> bool:
    return _active(user) and user.has_perm(PAPER) and not user.is_superuser


def is_own(user, member) -> bool:
    return _active(user) and member.user_id == user.pk and can_declare(user)


def can_see_register(user, member) -> bool:
    """Unpublished returns and everything in them: the member, the officers, Member Support for paper."""
    return is_own(user, member) or is_registers_officer(user) or can_write_register(user, member)


def can_write_register(user, member) -> bool:
    """Drafts, submissions, gifts and requests: the member themself, or Member Support for a paper member."""
    if is_own(user, member):
        return True
    return enters_paper_returns(user) and member.user_id is None


def registers_officers():
    """Active people who hold ``interests.keep_registers`` through a role or directly: one query."""
    granted = Permission.objects.filter(_keep_filter())
    return (
        User.objects.filter(is_active=True)
        .filter(
            Exists(granted.filter(group__user=OuterRef("pk"))) | Exists(granted.filter(user=OuterRef("pk")))
        )
        .order_by("full_name", "email")
    )
