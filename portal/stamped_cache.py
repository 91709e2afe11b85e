"""Rendered pages or parts of pages kept in the shared cache under a *stamp*: a random token
that every save or delete of the models they show replaces.

A feature makes one ``Stamped(name, models)`` for a family of pages and calls
``connect()`` from its AppConfig.ready(). Each copy is checked against the stamp,
read in the same round trip as the copy; a write changes the stamp as soon as it
happens and again when its transaction commits, so a reader who filled the cache
in between cannot keep a page from before the write. The key also holds the day
(pages that show dates or who is serving). Writes that send no signal
(QuerySet.update, bulk_create, SQL by hand) are caught by a copy's short lifetime.

What a copy may hold is the feature's to decide: a key must name everything that
changes what the page shows, the reader included where it depends on them.

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


class Stamped:
    def __init__(self, name: str, models, *, lifetime: int = 60):
        self.name = name
        self.models = models  # a callable returning the models, called once apps are loaded
        self.lifetime = lifetime  # seconds: the longest a write that sends no signal goes unseen
        self.stamp_key = f"{name}:stamp"

    def _key(self, what) -> str:
        digest = hashlib.sha256(repr((what, timezone.localdate().isoformat())).encode()).hexdigest()[:32]
        return f"{self.name}:{digest}"

    def _bump(self) -> None:
        try:
            cache.set(self.stamp_key, uuid.uuid4().hex, None)
        except Exception:  # a stamp the cache has lost starts again (new, unmatched) when it is back
            logger.warning("Cache unavailable; %s stamp not changed", self.name, exc_info=True)

    def changed(self, **kwargs) -> None:
        """A write these pages may show: every kept page is out of date now and at commit."""
        self._bump()
        transaction.on_commit(self._bump)

    def page(self, what: tuple, render):
        """``render()``'s result for the page ``what``, from the cache while nothing it shows
        has been written since. A page that is not there (``None``: a 404) is not kept."""
        entry = self._key(what)
        try:
            found = cache.get_many([self.stamp_key, entry])
            stamp = found.get(self.stamp_key)
            if stamp is None:
                stamp = uuid.uuid4().hex
                cache.set(self.stamp_key, stamp, None)
        except Exception:
            logger.warning("Cache unavailable; rendering %s afresh", self.name, exc_info=True)
            return render()
        cached = found.get(entry)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        value = render()
        if value is None:
            return value
        try:
            cache.set(entry, (stamp, value), self.lifetime)
        except Exception:
            logger.warning("Cache unavailable; not keeping %s", self.name, exc_info=True)
        return value

    def connect(self) -> None:
        """Wire the stamp to every save and delete of the models the pages show."""
        for model in self.models():
            label = model._meta.label
            post_save.connect(self.changed, sender=model, dispatch_uid=f"{self.name}-{label}-save")
            post_delete.connect(self.changed, sender=model, dispatch_uid=f"{self.name}-{label}-delete")
