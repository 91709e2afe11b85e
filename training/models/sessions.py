"""Sessions and bookings."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.workflow import Transition, Workflow
from training.models.courses import DEFAULT_CANCELLATION_HOURS, Course


class SessionQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=Session.Status.SCHEDULED)

    def upcoming(self, now=None):
        return self.scheduled().filter(starts_at__gt=now or timezone.now())


class Session(models.Model):
    """One sitting of a course, at a place or online, with a number of places."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(
        max_length=300, blank=True, help_text="Where it happens. Leave blank for an online session."
    )
    joining_link = models.URLField(
        blank=True, max_length=500, help_text="For an online session. Shown only to members with a place."
    )
    capacity = models.PositiveIntegerField(help_text="How many places there are.")
    trainer = models.CharField(max_length=150, blank=True)
    booking_deadline = models.DateTimeField(
        null=True, blank=True, help_text="When booking closes. Leave blank to take bookings until it starts."
    )
    cancel_by = models.DateTimeField(
        "members may cancel until",
        null=True,
        blank=True,
        help_text=f"Leave blank for {DEFAULT_CANCELLATION_HOURS} hours before it starts. "
        "Member Support can still cancel a place after this.",
    )
    notes = models.TextField(max_length=5_000, blank=True, help_text="Anything members should know or bring.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED, editable=False)
    cancelled_reason = models.TextField(max_length=2_000, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["course", "starts_at"], name="training_session_course_start"),
            models.Index(fields=["status", "starts_at"], name="training_session_status_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends",
                violation_error_message="The session must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="training_session_has_places",
                violation_error_message="A session needs at least one place.",
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.course.title}, {local:%-d %b %Y %H:%M}"

    def get_absolute_url(self):
        return reverse("training:session", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self):
        return bool(self.joining_link) and not self.venue

    @property
    def booking_closes_at(self):
        return self.booking_deadline or self.starts_at

    @property
    def cancellation_cutoff(self):
        return self.cancel_by or self.starts_at - datetime.timedelta(hours=DEFAULT_CANCELLATION_HOURS)

    def has_started(self, now=None):
        return (now or timezone.now()) >= self.starts_at

    def booking_open(self, now=None):
        return not self.is_cancelled and (now or timezone.now()) < self.booking_closes_at

    @property
    def calendar_uid(self):
        return f"training-session-{self.pk}@{settings.SITE_URL.split('://')[-1].split('/')[0]}"


class Booking(models.Model):
    """A member's place (or place in the queue) on a session. One row per member per session."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        LEFT_WAITING_LIST = "left_waiting_list", "Left the waiting list"
        SESSION_CANCELLED = "session_cancelled", "Session cancelled"

    class Attendance(models.TextChoices):
        NOT_MARKED = "", "Not marked"
        ATTENDED = "attended", "Attended"
        ABSENT = "absent", "Absent (apologies given)"
        NO_SHOW = "no_show", "Did not attend"

    ACTIVE = (Status.BOOKED, Status.WAITING)

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="training_bookings")
    status = models.CharField(max_length=20, choices=Status.choices, editable=False)
    # Waiting-list order: first in, first promoted (ties broken by id).
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    booked_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="Who made the booking, when Member Support booked on the member's behalf.",
    )
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.NOT_MARKED, blank=True, editable=False
    )
    attendance_marked_at = models.DateTimeField(null=True, blank=True, editable=False)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "session"],
                name="training_booking_one_per_member",
                violation_error_message="This member already has a place on this session.",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "queued_at"], name="training_booking_queue"),
            models.Index(fields=["member", "status"], name="training_booking_member"),
            models.Index(fields=["status", "attendance"], name="training_booking_attendance"),
        ]

    def __str__(self):
        return f"{self.member} on {self.session}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def is_booked(self):
        return self.status == self.Status.BOOKED

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING


BOOKING_WORKFLOW = Workflow(
    "booking",
    Booking.Status.choices,
    [
        Transition(Booking.Status.WAITING, Booking.Status.BOOKED, "Give a place"),
        Transition(Booking.Status.BOOKED, Booking.Status.CANCELLED, "Cancel the place"),
        Transition(Booking.Status.WAITING, Booking.Status.LEFT_WAITING_LIST, "Leave the waiting list"),
        Transition(Booking.Status.BOOKED, Booking.Status.SESSION_CANCELLED, "Session cancelled"),
        Transition(Booking.Status.WAITING, Booking.Status.SESSION_CANCELLED, "Session cancelled"),
        # Booking again after cancelling reuses the row (one per member per session).
        Transition(Booking.Status.CANCELLED, Booking.Status.BOOKED, "Book again"),
        Transition(Booking.Status.CANCELLED, Booking.Status.WAITING, "Join the waiting list"),
        Transition(Booking.Status.LEFT_WAITING_LIST, Booking.Status.BOOKED, "Book again"),
        Transition(Booking.Status.LEFT_WAITING_LIST, Booking.Status.WAITING, "Join the waiting list"),
    ],
)
