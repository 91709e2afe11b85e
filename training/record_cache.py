"""A member's training record, kept in the shared cache until anything it is read from changes.

The record is read from a dozen tables (completions, bookings and their sessions, courses, committee
places and requirements, induction packs, guidance acknowledgements, the member and their council,
and the apps that register induction steps: the register of interests). Rather than track
which member each write touches, every write to any of those tables gives the whole cache a new
*generation*, a random token; a record is kept with the generation and the date it was worked out
under, and used only while both still hold. Reads far outnumber writes, so this keeps nine queries
off nearly every record page and member dashboard, at the price of recomputing after any write.

The token changes twice for a write: at once (with the database cache that is part of the write's
own transaction, so it is seen exactly when the write is) and again after the commit (so that a
record worked out from data read just before the commit, under the first new token, is dropped).
A write made with ``QuerySet.update()`` sends no signal: call ``changed()`` after it.

Only the member's own record is kept under their own key, so nothing is shared between people.

The cache is an aid: if it cannot be reached, the record is worked out each time and a write goes
ahead (a generation that could not be changed is bounded by TIMEOUT, like a write outside the ORM).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

GENERATION = "training:record:generation"
KEY = "training:record:member:{}"
# Also bounded in time, as a backstop for a write made outside the ORM.
TIMEOUT = 60 * 60


def _bump():
    try:
        cache.set(GENERATION, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - a write must not fail because the cache is down
        logger.warning("training record cache unavailable: generation not changed", exc_info=True)


def _bump_after_commit():
    transaction.get_connection().training_record_fresh = False
    _bump()


def changed(**kwargs):
    """Something a training record is read from has changed: no kept record is used again.

    Within a transaction the token changes once for many writes (a register of forty people saves
    eighty rows), unless a record was kept in between.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump()
        return
    scheduled = any(func is _bump_after_commit for _, func, _ in connection.run_on_commit)
    if scheduled and getattr(connection, "training_record_fresh", False):
        return
    _bump()
    connection.training_record_fresh = True
    if not scheduled:
        transaction.on_commit(_bump_after_commit)


def get(member, today):
    """The member's kept record data, or None."""
    try:
        found = cache.get_many([GENERATION, KEY.format(member.pk)])
    except Exception:  # noqa: BLE001 - the cache is an aid
        logger.warning("training record cache unavailable", exc_info=True)
        return None
    generation, kept = found.get(GENERATION), found.get(KEY.format(member.pk))
    if generation is None or kept is None:
        return None
    if kept["generation"] != generation or kept["today"] != today:
        return None
    return kept["data"]


def current_generation():
    """The generation to keep a record under; read before the record's data is."""
    try:
        generation = cache.get(GENERATION)
        if generation is None:
            generation = uuid.uuid4().hex
            if not cache.add(GENERATION, generation, None):
                generation = cache.get(GENERATION)
    except Exception:  # noqa: BLE001 - the cache is an aid: a token nothing is kept under
        logger.warning("training record cache unavailable", exc_info=True)
        return uuid.uuid4().hex
    return generation


def keep(member, today, generation, data):
    # The next write in this transaction must change the token again.
    transaction.get_connection().training_record_fresh = False
    try:
        cache.set(KEY.format(member.pk), {"generation": generation, "today": today, "data": data}, TIMEOUT)
    except Exception:  # noqa: BLE001 - the cache is an aid
        logger.warning("training record cache unavailable", exc_info=True)


def _step_apps() -> set[str]:
    """The apps that register induction steps (training.extensions): their writes may do a step."""
    from django.apps import apps

    from training import extensions

    found = set()
    for step in extensions.steps():
        config = apps.get_containing_app_config(step.completed_on.__module__)
        if config is not None:
            found.add(config.label)
    return found


def _changed_by_a_step(sender, **kwargs):
    """Training cannot name another app's models (it sits below them), so any write in an app
    that registers a step counts: submitting a register of interests does the interests step.
    Not the historical models that migrations write with (module "__fake__"): the cache may not
    exist yet then, and a failed cache query would abort the migration's transaction."""
    if sender.__module__ != "__fake__" and sender._meta.app_label in _step_apps():
        changed()


def connect():
    """Listen to every model a record is read from, and to the apps that register induction steps."""
    post_save.connect(_changed_by_a_step, dispatch_uid="training_record_cache_steps_save", weak=False)
    post_delete.connect(_changed_by_a_step, dispatch_uid="training_record_cache_steps_delete", weak=False)
    from guidance.models import Acknowledgement, Document
    from portal.models import Authority, Committee, CommitteeMembership, Member
    from training.models import (
        Booking,
        CommitteeRequirement,
        Completion,
        Course,
        InductionAssignment,
        InductionItem,
        InductionPack,
        Session,
    )

    for model in (
        Booking,
        Session,
        Completion,
        Course,
        CommitteeRequirement,
        InductionAssignment,
        InductionItem,
        InductionPack,
        Acknowledgement,
        Document,
        Member,
        Authority,
        Committee,
        CommitteeMembership,
    ):
        uid = f"training_record_cache_{model._meta.label_lower}"
        post_save.connect(changed, sender=model, dispatch_uid=uid + "_save", weak=False)
        post_delete.connect(changed, sender=model, dispatch_uid=uid + "_delete", weak=False)
