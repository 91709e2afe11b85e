"""Who may open what: one helper decides 404 or 403 the same way in every app.

The rule (healthchecks' ``_get_check_for_user``):

- a person who may not know that a section or an object exists gets **404**,
  the same page as for an address that exists nowhere;
- a person who may see it but may not do this particular thing gets **403**.

A rule is a permission name (``"training.view_training"``) or a predicate:
``rule(user)`` for a section, ``rule(user, obj)`` for an object. Views say
which rule decides seeing and which decides acting; they never choose a status
themselves::

    @section("complaints.manage_cases", sign_in=False, cache=False)
    def case_list(request): ...

    @section(SIGNED_IN, act="guidance.view_library")   # the library is no secret
    def library(request): ...

    question = get_for_user(request.user, Question, pk=pk, see=asked_by_user)
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.views.decorators.cache import never_cache

from portal.models import Member
from portal.selectors import member_for

Rule = str | Callable[..., bool] | None

NOT_FOUND = "No such page."


def SIGNED_IN(user) -> bool:  # noqa: N802 - reads as a constant rule
    """Everyone signed in may know the section exists (it is in the navigation)."""
    return bool(user and user.is_authenticated)


def allows(rule: Rule, user, *args) -> bool:
    """Whether ``rule`` lets ``user`` through; no rule lets everyone through."""
    if rule is None:
        return True
    if isinstance(rule, str):
        return user.has_perm(rule)
    return bool(rule(user, *args))


def check(user, *, see: Rule, act: Rule = None, message: str = "", obj=None) -> None:
    """Raise Http404 for an outsider, PermissionDenied (with ``message``) for an insider who may not act."""
    args = () if obj is None else (obj,)
    if not allows(see, user, *args):
        raise Http404(NOT_FOUND)
    if not allows(act, user, *args):
        raise PermissionDenied(message)


def section(see: Rule, *, act: Rule = None, message: str = "", sign_in: bool = True, cache: bool = True):
    """Decorate a view of a section of the site.

    ``sign_in``: an anonymous visitor is sent to sign in first; with False they
    are an outsider like anyone else (404), for sections whose existence is
    itself confidential. ``cache=False`` marks every response ``never_cache``.
    """

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            check(request.user, see=see, act=act, message=message)
            return view(request, *args, **kwargs)

        if sign_in:
            guarded = login_required(guarded)
        if not cache:
            guarded = never_cache(guarded)
        return guarded

    return decorator


def get_for_user(user, source, *, see: Rule = None, act: Rule = None, message: str = "", **lookup):
    """The object ``source`` finds for ``user``, or 404 for an outsider and 403 for an insider.

    ``source`` is a model, a QuerySet (with ``lookup`` as ``get()`` arguments),
    or a callable that returns the object or None (or raises DoesNotExist).
    ``see`` and ``act`` are object rules, ``rule(user, obj)``: an object the
    person may not see is reported exactly like one that does not exist.
    """
    found = _find(source, lookup)
    if found is None:
        raise Http404(NOT_FOUND)
    check(user, see=see, act=act, message=message, obj=found)
    return found


def _find(source, lookup):
    try:
        if isinstance(source, QuerySet):
            return source.get(**lookup)
        if isinstance(source, type) and issubclass(source, Model):
            return source._default_manager.get(**lookup)
        return source(**lookup)
    except (ObjectDoesNotExist, ValueError):
        return None


def member_or_404(user, message: str = "Your account is not linked to a member record.") -> Member:
    """The person's member record, for pages about "your" bookings, acknowledgements and so on."""
    member = member_for(user)
    if member is None:
        raise Http404(message)
    return member
