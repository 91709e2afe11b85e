"""Who may run case files and who may give an Independent Person's view.

Every view, the back office, the dashboard panels and the services ask here. A
superuser holds every permission by definition, but the technical team must not
read complaint case files (special-category data), so for a superuser the
permission counts only if a role or the account grants it explicitly, as the
advice question queue does (``advice.access``).
"""

from django.contrib.auth.models import Permission
from django.db.models import Q

MANAGE = "complaints.manage_cases"
CONSULT = "complaints.consult_on_cases"

_CACHE_ATTR = "_complaints_access"


def holds(user, permission: str) -> bool:
    """Whether ``user`` holds ``permission`` through a role or their account (never as superuser alone)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    if permission not in cache:
        allowed = user.has_perm(permission)
        if allowed and user.is_superuser:
            app_label, codename = permission.split(".", 1)
            allowed = (
                Permission.objects.filter(codename=codename, content_type__app_label=app_label)
                .filter(Q(group__user=user) | Q(user=user))
                .exists()
            )
        cache[permission] = allowed
    return cache[permission]


def is_case_officer(user) -> bool:
    """The Monitoring Officer or the Deputy: may see and run every case file."""
    return holds(user, MANAGE)


def is_independent_person(user) -> bool:
    """May see the cases they are asked about, and give a view on them."""
    return holds(user, CONSULT)
