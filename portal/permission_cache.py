"""Each person's permissions kept in the shared cache between requests.

Every signed-in page asks for the person's permissions (the header, the two-factor
rule, the views' checks); Django's ModelBackend loads them with two queries a request
and keeps them on the user object for the rest of it (its documented permission
caching, the ``_perm_cache`` attribute). PermissionCacheMiddleware fills that from
the shared cache before the view runs, and keeps what ModelBackend loaded there
afterwards. Entries are kept under a key holding the user and whether they are a
superuser, and an entry counts only while it carries the current *generation*: a
random token that any change to who holds which permission replaces (a role given
or taken away, a group's permissions changed, a permission added, migrations run).
So a change takes effect on the very next request, on every node, and a stale entry
is never read. Whether the account is active is read from the user's own row on
every request, as before, so a suspended account has no permissions at once.

Only where the cache is not the database (Redis, as in production): a database
cache would trade two quick queries for one, and write on every miss.

The cache is an aid: when it fails, permissions are loaded from the database.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "auth:permissions:generation"
# An entry unread this long goes; a change of permissions replaces it sooner (see above).
TIMEOUT = 10 * 60


def enabled() -> bool:
    return not settings.CACHES["default"]["BACKEND"].endswith(".DatabaseCache")


def _entry_key(user) -> str:
    return f"auth:permissions:{user.pk}:{int(user.is_superuser)}"


def new_generation() -> None:
    """Make every cached permission set out of date (call after any change to who may do what)."""
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), None)
    except Exception:
        # Entries then keep the generation they were made in: delete it so that none matches.
        logger.error("Permission cache: could not start a new generation", exc_info=True)
        try:
            cache.delete(GENERATION_KEY)
        except Exception:
            logger.error("Permission cache: could not clear the generation either", exc_info=True)


def _cached(user):
    try:
        found = cache.get_many([GENERATION_KEY, _entry_key(user)])
    except Exception:
        logger.warning("Permission cache unavailable; loading permissions", exc_info=True)
        return None, None
    generation = found.get(GENERATION_KEY)
    entry = found.get(_entry_key(user))
    if generation is not None and entry is not None and entry[0] == generation:
        return generation, entry[1]
    return generation, None


def _keep(user, generation, permissions) -> None:
    try:
        if generation is None:
            # No generation yet (a new cache, or it was cleared): start one. Add, not set, so
            # that two processes starting at once agree on it.
            cache.add(GENERATION_KEY, secrets.token_hex(8), None)
            generation = cache.get(GENERATION_KEY)
            if generation is None:
                return
        cache.set(_entry_key(user), (generation, frozenset(permissions)), TIMEOUT)
    except Exception:
        logger.warning("Permission cache unavailable; not keeping permissions", exc_info=True)


class PermissionCacheMiddleware:
    """After AuthenticationMiddleware: the signed-in user's permissions from the cache.

    Sessions keep naming Django's ModelBackend, so nobody is signed out by this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not enabled() or not user.is_authenticated or not user.is_active:
            return self.get_response(request)
        generation, permissions = _cached(user)
        if permissions is not None:
            user._perm_cache = set(permissions)
        response = self.get_response(request)
        if permissions is None and hasattr(user, "_perm_cache") and request.user is user:
            _keep(user, generation, user._perm_cache)
        return response


def _roles_changed(**kwargs) -> None:
    from django.db import transaction

    if enabled() and kwargs.get("action", "post_").startswith("post_"):
        new_generation()
        # Again once the change is committed: a request that read the old permissions
        # between the change and the commit must not have kept them for the new generation.
        transaction.on_commit(new_generation)


def connect_signals() -> None:
    """Start a new generation on every change to roles and grants (PortalConfig.ready calls this).

    Changes made with SQL outside Django send no signal: they show once entries
    expire (TIMEOUT), or at once after ``new_generation()``.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    user_model = get_user_model()

    throughs = (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through)
    for through in throughs:
        uid = f"permission-cache-{through._meta.label}"
        m2m_changed.connect(_roles_changed, sender=through, dispatch_uid=uid)
    for model in (Group, Permission):
        uid = f"permission-cache-{model._meta.label}"
        post_save.connect(_roles_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_roles_changed, sender=model, dispatch_uid=uid + "-delete")
    # Migrations grant and take away permissions with historical models (sync_roles).
    post_migrate.connect(_roles_changed, dispatch_uid="permission-cache-migrate")
