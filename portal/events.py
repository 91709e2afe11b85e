"""The shape every event table shares: who did it, when, from which status to which, and why.

Each app keeps its own table (a question's trail, a case's trail, a document's trail,
training's trail, the back-office audit log) and adds what points at its subject; the
common fields have the same names everywhere, so a reader, a template or the admin can
treat any trail alike. Rows are written with ``<Event>.record(...)`` (pretix's
``log_action``): one place that drops anonymous actors and cuts the note to fit.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AbstractEvent(models.Model):
    """One thing that happened to a subject: who, when, from which status to which, and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    note = models.TextField(max_length=20_000, blank=True)

    # Where set, ``record`` cuts the note to this many characters (a CharField note is cut to fit).
    note_limit: int | None = None

    class Meta:
        abstract = True

    @classmethod
    def record(cls, *, actor=None, note: str = "", **fields):
        """Write one event row. An anonymous or missing actor is stored as "the portal"."""
        limit = cls.note_limit or cls._meta.get_field("note").max_length
        event = cls(actor=actor if getattr(actor, "pk", None) else None, note=(note or "")[:limit], **fields)
        event.save()
        return event

    @property
    def actor_label(self) -> str:
        if self.actor_id is None:
            return "The portal"
        return self.actor.get_full_name()
