"""Each member's "to read" summary (the first few documents and how many), and the library's
counts, search results and rendered page and each document page's contents as they see them,
kept in the shared cache.

Counting a member's unread documents is an anti-join over the whole library
(about half a second at 30,000 documents and 600,000 acknowledgements), and the
dashboard and the library both show it. The summary is cached per person and
checked against two version stamps, read in the same round trip:

* the library's, changed by any write that can change anyone's list or page: a
  document saved or deleted (published, archived, edited), a committee renamed
  (the library page names a committee's documents' audience), a row the
  document page shows (a version, file, sign-off record, checklist item or
  review) saved or deleted, or a row of a model a
  registered reading deadline reads (training's induction packs, see
  ``extensions.register_reading_due``);
* the member's own, changed when one of their acknowledgements, committee
  places or checklist ticks is saved or deleted.

Each stamp changes as soon as the write happens and again when its transaction
commits, so a reader who filled the cache in between cannot keep a list from
before the write. The key holds the user, the member and their type (councillor
or co-opted), the day (committee places start and end on dates) and whether the
user sees the whole library, so no two people who may see different things share
an entry. Writes that bypass model
signals (QuerySet.update, bulk_create) are caught by the entry's lifetime.
"""

import hashlib
import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

LIBRARY_STAMP = "guidance:to-read:library"
LIFETIME = 300  # seconds: the longest a write that sends no signal goes unseen


def _member_stamp(member_id) -> str:
    return f"guidance:to-read:member:{member_id}"


def _entry(user, member, what) -> str:
    from guidance.selectors.audience import MANAGE_PERMISSION

    sees = (
        "all"
        if user.has_perm(MANAGE_PERMISSION)
        else "library"
        if user.has_perm("guidance.view_library")
        else "none"
    )
    day = timezone.localdate().isoformat()
    who = f"{member.pk}:{member.member_type}" if member is not None else "-"
    what = hashlib.sha256(repr(what).encode()).hexdigest()[:32]
    return f"guidance:to-read:{user.pk}:{who}:{sees}:{day}:{what}"


def _set_stamp(key: str) -> None:
    try:
        cache.set(key, uuid.uuid4().hex, None)
    except Exception:  # the cache is an aid: a write goes on without it (entries live LIFETIME at most)
        logger.warning("Guidance cache unavailable; stamp %s not changed", key, exc_info=True)


def _bump(key: str) -> None:
    _set_stamp(key)
    transaction.on_commit(lambda: _set_stamp(key))


def _cached(compute, read, keep):
    """``read()`` a cached value (None: none), or ``compute()`` it and ``keep(value)``; without the
    cache (Redis down) the page is slower, not broken."""
    try:
        found = read()
    except Exception:
        logger.warning("Guidance cache unavailable; working the page out", exc_info=True)
        return compute()
    if found is not None:
        return found[0]
    value = compute()
    try:
        keep(value)
    except Exception:
        logger.warning("Guidance cache unavailable; not keeping the page", exc_info=True)
    return value


def library_changed(**kwargs) -> None:
    _bump(LIBRARY_STAMP)


def member_read(member_id) -> None:
    _bump(_member_stamp(member_id))


def summary(user, member, what, compute):
    """``compute()``'s result for this person and ``what`` (a tuple naming the figure and its
    arguments), from the cache while nothing that changes it has been written."""
    entry = _entry(user, member, what)
    stamps = [LIBRARY_STAMP, _member_stamp(member.pk if member is not None else "-")]
    current = []

    def read():
        found = cache.get_many([*stamps, entry])
        missing = {stamp: uuid.uuid4().hex for stamp in stamps if stamp not in found}
        if missing:
            # A stamp the cache has lost (or never had): start it; an entry made before cannot match.
            cache.set_many(missing, None)
            found.update(missing)
        current.extend(found[stamp] for stamp in stamps)
        cached = found.get(entry)
        return (cached[1],) if cached is not None and cached[0] == tuple(current) else None

    return _cached(compute, read, lambda value: cache.set(entry, (tuple(current), value), LIFETIME))


def _shared_stamp(name) -> str:
    return f"guidance:shared:{name}"


def shared(name, what, compute):
    """``compute()``'s result for ``what`` where it is the same for everyone (another app's search
    results in the library, say), from the cache while no row of the models ``watch_shared(name,
    ...)`` named has been saved or deleted. One round trip when cached."""
    stamp = _shared_stamp(name)
    entry = f"guidance:shared:{name}:{hashlib.sha256(repr(what).encode()).hexdigest()[:32]}"
    current = []

    def read():
        found = cache.get_many([stamp, entry])
        if stamp not in found:
            found[stamp] = uuid.uuid4().hex
            cache.set(stamp, found[stamp], None)
        current.append(found[stamp])
        cached = found.get(entry)
        return (cached[1],) if cached is not None and cached[0] == current[0] else None

    return _cached(compute, read, lambda value: cache.set(entry, (current[0], value), LIFETIME))


def watch_shared(name, *models) -> None:
    """Saving or deleting any row of these models changes what ``shared(name, ...)`` keeps."""
    stamp = _shared_stamp(name)

    def changed(**kwargs):
        _bump(stamp)

    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"shared-{name}-{label}-save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"shared-{name}-{label}-delete")


def _on_members_row(sender, instance, **kwargs):
    member_read(instance.member_id)


def watch(*models) -> None:
    """Saving or deleting any row of these models changes everyone's summary."""
    for model in models:
        label = model._meta.label
        post_save.connect(library_changed, sender=model, dispatch_uid=f"to-read-{label}-save")
        post_delete.connect(library_changed, sender=model, dispatch_uid=f"to-read-{label}-delete")


def connect() -> None:
    """Wire the stamps to the writes that change them (from GuidanceConfig.ready())."""
    from guidance import models as guidance
    from portal.models import Committee, CommitteeMembership

    # A committee's name is in its documents' audience, on the library's cached page; the rest is
    # what the document page shows of a document.
    watch(
        guidance.Document,
        Committee,
        guidance.DocumentVersion,
        guidance.Attachment,
        guidance.SignOff,
        guidance.CommitteeNoting,
        guidance.Circulation,
        guidance.Consultation,
        guidance.ImpactAssessment,
        guidance.ChecklistItem,
        guidance.Review,
    )
    # A member's acknowledgements and committee places, and their checklist ticks (private to
    # them, on their cached document page).
    for model in (guidance.Acknowledgement, CommitteeMembership, guidance.ChecklistTick):
        label = model._meta.label
        post_save.connect(_on_members_row, sender=model, dispatch_uid=f"to-read-{label}-save")
        post_delete.connect(_on_members_row, sender=model, dispatch_uid=f"to-read-{label}-delete")
