"""Training and induction: courses, their sessions, bookings, completion records and induction packs.

Writes go through training.services; reads through training.selectors. Status
fields are never edited by hand: each change is a service call that also writes
an Event row (who, when, from, to, why).
"""

import datetime
import hashlib
import secrets

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.events import AbstractEvent
from portal.uploads import private_upload_path
from portal.workflow import Transition, Workflow

# How long before a session starts members may still cancel their own place,
# unless the session sets its own cut-off.
DEFAULT_CANCELLATION_HOURS = 24


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


def feed_token_hash(token: str) -> str:
    """What the database keeps of a calendar address: its SHA-256, never the secret itself."""
    return hashlib.sha256(token.encode()).hexdigest()


class CourseQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)


class Course(models.Model):
    """Something members can learn, delivered in sessions or as e-learning."""

    class Provider(models.TextChoices):
        COMMUNICATIONS = "communications", "Communications Team"
        LEGAL = "legal", "Legal Services"
        MEMBER_SUPPORT = "member_support", "Member Support"
        PLANNING = "planning", "Planning Service"
        LGA = "lga", "Local Government Association"
        EXTERNAL = "external", "External provider"

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        E_LEARNING = "e_learning", "E-learning"

    class Audience(models.TextChoices):
        ALL_MEMBERS = "all_members", "All members"
        COUNCILLORS = "councillors", "Councillors"
        CO_OPTED = "co_opted", "Co-opted members"
        COMMITTEE = "committee", "Members of particular committees"

    class Requirement(models.TextChoices):
        OPTIONAL = "optional", "Optional"
        ALL_MEMBERS = "all_members", "Mandatory for all members"
        NEW_MEMBERS = "new_members", "Mandatory for new members"
        COMMITTEE = "committee", "Required before sitting on a committee"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The last part of the course's address.")
    summary = models.CharField(max_length=300, help_text="One sentence for the course list.")
    description = models.TextField(blank=True, help_text="What the course covers and who it is for.")
    provider = models.CharField(max_length=20, choices=Provider.choices, default=Provider.MEMBER_SUPPORT)
    provider_name = models.CharField(
        max_length=150, blank=True, help_text="For an external provider, who runs it."
    )
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.IN_PERSON)
    duration_minutes = models.PositiveIntegerField(default=60, help_text="How long it takes, in minutes.")
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.ALL_MEMBERS)
    requirement = models.CharField(max_length=12, choices=Requirement.choices, default=Requirement.OPTIONAL)
    required_for_committees = models.ManyToManyField(
        "portal.Committee",
        through="CommitteeRequirement",
        blank=True,
        related_name="required_courses",
        help_text="Members of these committees may not sit until they have completed this course.",
    )
    refresher_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Months after which a completion expires and the course must be taken again. "
        "Leave blank if it never expires.",
    )
    due_within_days = models.PositiveSmallIntegerField(
        default=90,
        help_text="For a mandatory course: days a member has to complete it after their term starts.",
    )
    e_learning_url = models.URLField(
        "e-learning link", blank=True, help_text="For an e-learning module: where members take it."
    )
    guidance_documents = models.ManyToManyField(
        "guidance.Document", blank=True, related_name="courses", help_text="Guidance to read alongside."
    )
    is_listed = models.BooleanField(
        "listed", default=True, help_text="Untick to hide the course from members' course list."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["is_listed", "title"], name="training_course_listed")]
        permissions = [
            ("view_training", "Can use training"),
            ("manage_training", "Can manage training: registers, bookings, verification, induction"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:course", kwargs={"slug": self.slug})

    @property
    def provider_label(self):
        if self.provider_name:
            return self.provider_name
        return self.get_provider_display()

    @property
    def duration_label(self):
        hours, minutes = divmod(self.duration_minutes, 60)
        parts = []
        if hours:
            parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
        if minutes:
            parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
        return " ".join(parts) or "Under a minute"

    @property
    def refresher_label(self):
        months = self.refresher_months
        if not months:
            return "Does not expire"
        if months % 12 == 0:
            years = months // 12
            return f"Every {years} year{'s' if years != 1 else ''}"
        return f"Every {months} month{'s' if months != 1 else ''}"

    @property
    def is_e_learning(self):
        return self.delivery == self.Delivery.E_LEARNING

    @property
    def is_mandatory(self):
        return self.requirement != self.Requirement.OPTIONAL

    def expiry_for(self, completed_on: datetime.date) -> datetime.date | None:
        """When a completion on ``completed_on`` stops counting."""
        if not self.refresher_months:
            return None
        return completed_on + relativedelta(months=self.refresher_months)


class CommitteeRequirement(models.Model):
    """A course members of a committee must have completed (and not let expire) before they sit."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="committee_requirements")
    committee = models.ForeignKey(
        "portal.Committee", on_delete=models.CASCADE, related_name="training_requirements"
    )

    class Meta:
        ordering = ["committee__name", "course__title"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "course"], name="training_requirement_unique")
        ]

    def __str__(self):
        return f"{self.course} for {self.committee}"


# --- Sessions and bookings ----------------------------------------------------


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
    notes = models.TextField(blank=True, help_text="Anything members should know or bring.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED, editable=False)
    cancelled_reason = models.TextField(blank=True, editable=False)
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
                condition=Q(ends_at__gt=models.F("starts_at")), name="training_session_ends"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="training_session_has_places"),
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
            models.UniqueConstraint(fields=["member", "session"], name="training_booking_one_per_member"),
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


# --- Completion records -------------------------------------------------------


class CompletionQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Completion.Status.VERIFIED)

    def current(self, on=None):
        """Verified completions that have not expired on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.verified().filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))


class Completion(models.Model):
    """A member completing a course, with when it stops counting."""

    class Source(models.TextChoices):
        SESSION = "session", "Attended a session"
        E_LEARNING = "e_learning", "E-learning module"
        CERTIFICATE = "certificate", "External certificate"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting verification"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Not accepted"

    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="training_completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    source = models.CharField(max_length=12, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, editable=False)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, editable=False)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="completion", editable=False
    )
    issued_by = models.CharField(
        "certificate issued by", max_length=200, blank=True, help_text="For an external certificate."
    )
    member_note = models.TextField(blank=True)
    evidence = models.FileField(
        upload_to=private_upload_path("training/evidence"), max_length=255, blank=True
    )
    evidence_name = models.CharField(max_length=255, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    rejection_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [
            models.Index(fields=["member", "course", "-completed_on"], name="training_completion_member"),
            models.Index(fields=["course", "status", "expires_on"], name="training_completion_expiry"),
            models.Index(fields=["status", "created_at"], name="training_completion_queue"),
        ]

    def __str__(self):
        return f"{self.member}: {self.course} ({self.completed_on:%-d %b %Y})"

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.status == self.Status.VERIFIED and (self.expires_on is None or self.expires_on >= on)


COMPLETION_WORKFLOW = Workflow(
    "completion record",
    Completion.Status.choices,
    [
        Transition(Completion.Status.PENDING, Completion.Status.VERIFIED, "Verify"),
        Transition(Completion.Status.PENDING, Completion.Status.REJECTED, "Do not accept"),
    ],
)


class CourseAssignment(models.Model):
    """A course one member has been told to complete (a standards sanction, or Member Support's request)."""

    class Status(models.TextChoices):
        OUTSTANDING = "outstanding", "To do"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="training_assignments")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.OUTSTANDING, editable=False
    )
    due_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why: shown to the member.")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now, editable=False)
    completion = models.ForeignKey(
        Completion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "course"],
                condition=Q(status="outstanding"),
                name="training_assignment_one_outstanding",
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="training_assignment_due")]

    def __str__(self):
        return f"{self.course} for {self.member}"


# --- Induction ------------------------------------------------------------------


class InductionPack(models.Model):
    """What a new member should read and complete in their first weeks."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    opens_on = models.DateField(
        help_text="Members whose term starts on or after this date are given the pack automatically."
    )
    auto_assign = models.BooleanField(
        "give to new members automatically",
        default=True,
        help_text="Give the pack to each member added with a start date on or after the opening date.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("training:cohort", kwargs={"slug": self.slug})


class InductionItem(models.Model):
    """One thing in a pack: a guidance document to acknowledge or a course to complete."""

    pack = models.ForeignKey(InductionPack, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    document = models.ForeignKey(
        "guidance.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="induction_items"
    )
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="induction_items"
    )
    due_days = models.PositiveSmallIntegerField(
        "due within (days)", default=30, help_text="Days after the member's start date."
    )
    note = models.CharField(max_length=300, blank=True, help_text="A short pointer shown to the member.")

    class Meta:
        ordering = ["pack", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(document__isnull=False) & Q(course__isnull=True))
                | (Q(document__isnull=True) & Q(course__isnull=False)),
                name="training_induction_item_one_thing",
            ),
        ]

    def __str__(self):
        return str(self.document or self.course)

    @property
    def kind(self):
        return "guidance" if self.document_id else "course"


class InductionAssignment(models.Model):
    """A pack given to one member; items fall due counted from ``start_date``."""

    class How(models.TextChoices):
        COHORT = "cohort", "With a cohort"
        INDIVIDUAL = "individual", "Individually"
        AUTOMATIC = "automatic", "Automatically, when the member was added"

    pack = models.ForeignKey(InductionPack, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(
        "portal.Member", on_delete=models.CASCADE, related_name="induction_assignments"
    )
    start_date = models.DateField(help_text="Usually the member's term start.")
    how = models.CharField(max_length=10, choices=How.choices, editable=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now, editable=False)
    last_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["pack", "member__last_name", "member__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "member"], name="training_induction_one_per_member"),
        ]
        indexes = [
            models.Index(fields=["pack", "start_date"], name="training_induction_cohort"),
            models.Index(fields=["member", "start_date"], name="training_induction_member"),
        ]

    def __str__(self):
        return f"{self.pack} for {self.member}"


# --- Calendar feed and the trail ------------------------------------------------


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
