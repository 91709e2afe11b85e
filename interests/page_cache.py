"""The registers' pages that are the same for everyone who may open them, kept rendered until a
write changes what they show.

- The public pages show only what is published, the same to every visitor (they never read who
  is asking), so one rendered copy of a page's content serves everyone; the page around it
  (header, messages) is still rendered per request.
- The Monitoring Officer's lists (waiting for review, overdue, late gifts, dispensation requests)
  are the same for the Monitoring Officer and the Deputy, and shown to no one else: the copy's
  key says it is the officers' (``("office", "officer")``), and the view renders it only for them.

Every copy is checked against one version stamp, read in the same round trip as
the copy. Saving or deleting a row of any model these pages read (registers,
versions, entries, headings, gifts, dispensations, members, councils) changes the
stamp as soon as the write happens and again when its transaction commits, so a
reader who filled the cache in between cannot keep a page from before the write
(publishing a version, replacing it, withholding an entry's details, submitting a
return are all saves). The key also holds the day: who is serving or overdue,
which dispensations are in force and which gifts are recent are dates. Writes that
send no signal (QuerySet.update, bulk_create, SQL by hand) are caught by a copy's
short lifetime.

The cache is an aid: when it is down the page is rendered as before.
"""

import hashlib
import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

STAMP = "interests:pages:stamp"
LIFETIME = 60  # seconds: the longest a write that sends no signal goes unseen


def _key(what) -> str:
    digest = hashlib.sha256(repr((what, timezone.localdate().isoformat())).encode()).hexdigest()[:32]
    return f"interests:pages:{digest}"


def _bump() -> None:
    try:
        cache.set(STAMP, uuid.uuid4().hex, None)
    except Exception:  # a stamp the cache has lost starts again (new, unmatched) when it is back
        logger.warning("Cache unavailable; registers' page stamp not changed", exc_info=True)


def changed(**kwargs) -> None:
    """A write these pages may show: every kept page is out of date now and at commit."""
    _bump()
    transaction.on_commit(_bump)


def page(what: tuple, render):
    """``render()``'s result for the page ``what``, from the cache while nothing it shows has been
    written since. A page that is not there (``None``: a 404) is not kept."""
    entry = _key(what)
    try:
        found = cache.get_many([STAMP, entry])
        stamp = found.get(STAMP)
        if stamp is None:
            stamp = uuid.uuid4().hex
            cache.set(STAMP, stamp, None)
    except Exception:
        logger.warning("Cache unavailable; rendering the registers' page", exc_info=True)
        return render()
    cached = found.get(entry)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    value = render()
    if value is None:
        return value
    try:
        cache.set(entry, (stamp, value), LIFETIME)
    except Exception:
        logger.warning("Cache unavailable; not keeping the registers' page", exc_info=True)
    return value


def connect() -> None:
    """Wire the stamp to the writes that change a kept page (from InterestsConfig.ready())."""
    from interests.models import Category, Dispensation, Entry, Gift, Register, Return
    from portal.models import Authority, Member

    for model in (Register, Return, Entry, Category, Gift, Dispensation, Member, Authority):
        label = model._meta.label
        post_save.connect(changed, sender=model, dispatch_uid=f"interests-pages-{label}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"interests-pages-{label}-delete")
