"""Who may see which question. Every view and service asks here, never by role name.

Only people granted ``advice.answer_question`` (the Monitoring Officer and the
Deputy) see every question. A superuser holds every permission by definition,
but the technical team must not read members' confidential advice, so for a
superuser the permission counts only if a role or the account grants it
explicitly.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.db.models.expressions import RawSQL

from portal.models import User

ASK = "advice.ask_question"
ANSWER = "advice.answer_question"
READ_FAQ = "advice.view_faq"

_CACHE_ATTR = "_advice_officer"


def _answer_permission_filter(prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}codename": "answer_question",
            f"{prefix}content_type__app_label": "advice",
        }
    )


def is_advice_officer(user) -> bool:
    """Whether ``user`` may see and answer every member's question."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    allowed = user.has_perm(ANSWER)
    if allowed and user.is_superuser:
        allowed = Permission.objects.filter(
            _answer_permission_filter(), Q(group__user=user) | Q(user=user)
        ).exists()
    setattr(user, _CACHE_ATTR, allowed)
    return allowed


def can_ask(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(ASK))


def can_read_faq(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(READ_FAQ))


# The people granted ``advice.answer_question`` through a role (group) or directly. Written in
# SQL: the same rule as two ORM EXISTS subqueries took longer to compile and plan than to run,
# on every queue and question page. A constant: nothing from a request is part of it.
_ANSWERERS = """
    SELECT ug.user_id FROM portal_user_groups ug
      JOIN auth_group_permissions gp ON gp.group_id = ug.group_id
      JOIN auth_permission p ON p.id = gp.permission_id
      JOIN django_content_type ct ON ct.id = p.content_type_id
     WHERE p.codename = 'answer_question' AND ct.app_label = 'advice'
    UNION
    SELECT up.user_id FROM portal_user_user_permissions up
      JOIN auth_permission p ON p.id = up.permission_id
      JOIN django_content_type ct ON ct.id = p.content_type_id
     WHERE p.codename = 'answer_question' AND ct.app_label = 'advice'
"""


def advice_officers():
    """Active people who hold ``advice.answer_question`` through a role or directly: one query."""
    answerers = RawSQL(_ANSWERERS, ())  # noqa: S611 - constant SQL
    return User.objects.filter(is_active=True, pk__in=answerers).order_by("full_name", "email")
