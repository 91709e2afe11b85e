"""Rendered parts of training pages, kept in the shared cache under the training record's generation.

A page's part is read from the same tables as a training record (courses, sessions, bookings,
completions, the member, ...), so it is kept under ``record_cache``'s generation: every write to
any of those tables gives the generation a new token and no part kept under the old one is used
again. A part also says how long it is right for without any write: the day it was rendered on
(what is current, expiring or overdue is a matter of dates) and, optionally, a moment it must be
rendered again by (the start of the next session it shows, when that session stops being
upcoming).

The key names the reader (the user, and whatever about them changes what is shown), so no part is
ever shared between people who may see different things. The cache is an aid: if it cannot be
reached the part is rendered as if nothing was kept.
"""

import hashlib
import logging

from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe

from training import record_cache

logger = logging.getLogger(__name__)

# Change the version when what a part holds changes shape, so a new release never reads an old one.
KEY = "training:part:v2:{}"
# How long a part may sit unread; a write replaces it sooner (a new generation).
TIMEOUT = 30 * 60


# Rendered in place of the form token (``csrf_token`` in the part's context), which is the reader's
# own and changes with their sign-in: put back on every request by with_form_token().
FORM_TOKEN = "training-part-form-token"


def with_form_token(request, html: str):
    """A kept part, rendered with FORM_TOKEN, with this request's form token in its place."""
    return mark_safe(html.replace(FORM_TOKEN, get_token(request)))  # noqa: S308 - our template; a token


def key(*parts) -> str:
    """A cache key for the parts given (ids, flags, a query string), of bounded length."""
    return KEY.format(hashlib.sha256(repr(parts).encode()).hexdigest())


def _kept(name, today, now):
    found = cache.get_many([record_cache.GENERATION, name])
    generation, kept = found.get(record_cache.GENERATION), found.get(name)
    if generation is None or kept is None or kept["generation"] != generation:
        return None
    if kept["today"] != today or (kept["until"] is not None and now >= kept["until"]):
        return None
    return kept["value"]


def cached(name, render):
    """The value ``render()`` returns, kept under ``name`` while nothing it was read from changes.

    ``render`` returns ``(value, until)``: ``until`` is the moment the value stops being right
    without any write (or None).
    """
    today, now = timezone.localdate(), timezone.now()
    try:
        value = _kept(name, today, now)
        if value is not None:
            return value
        # Read before the data is: a write committed while rendering leaves the part already stale.
        generation = record_cache.current_generation()
    except Exception:  # noqa: BLE001 - the cache is an aid; the page works without it
        logger.warning("training page cache unavailable", exc_info=True)
        return render()[0]
    value, until = render()
    try:
        # The next write in this transaction must give the generation a new token (record_cache.keep).
        transaction.get_connection().training_record_fresh = False
        cache.set(name, {"generation": generation, "today": today, "until": until, "value": value}, TIMEOUT)
    except Exception:  # noqa: BLE001
        logger.warning("training page cache unavailable", exc_info=True)
    return value
