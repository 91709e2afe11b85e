"""Calendar feed and the trail."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from portal.events import AbstractEvent
from training.models.completions import Completion
from training.models.courses import feed_token_hash, new_feed_token
from training.models.sessions import Booking, Session


class CalendarFeed(models.Model):
    """A member's secret calendar address. Resetting it makes the old address stop working.

    Only a hash of the secret is stored, so the address can be shown only once,
    when it is made; a member who has lost it resets it.
    """

    member = models.OneToOneField("portal.Member", on_delete=models.CASCADE, related_name="training_feed")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # The secret itself: set only on the instance that made it, never stored.
    token = None

    def __str__(self):
        return f"Calendar feed for {self.member}"

    def save(self, *args, **kwargs):
        if not self.token_hash:
            self.issue_token()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if not self.token:
            raise ValueError("The calendar address is known only when it is made or reset.")
        return reverse("training:feed", kwargs={"token": self.token})

    def issue_token(self) -> str:
        self.token = new_feed_token()
        self.token_hash = feed_token_hash(self.token)
        self.created_at = timezone.now()
        return self.token


class Event(AbstractEvent):
    """The feature's trail: each booking change, attendance mark, verification and reminder."""

    class Action(models.TextChoices):
        BOOKING = "booking", "Booking changed"
        ATTENDANCE = "attendance", "Attendance marked"
        SESSION_CANCELLED = "session_cancelled", "Session cancelled"
        COMPLETION = "completion", "Completion recorded"
        VERIFICATION = "verification", "Completion checked"
        ASSIGNMENT = "assignment", "Course assigned"
        INDUCTION = "induction", "Induction pack given"
        REMINDER = "reminder", "Reminder sent"
        FEED_RESET = "feed_reset", "Calendar address reset"

    note_limit = 2000

    action = models.CharField(max_length=20, choices=Action.choices)
    member = models.ForeignKey(
        "portal.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="training_events"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    completion = models.ForeignKey(
        Completion, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["booking", "-created_at"], name="training_event_booking"),
            models.Index(fields=["session", "-created_at"], name="training_event_session"),
            models.Index(fields=["member", "-created_at"], name="training_event_member"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.note}"[:120]
