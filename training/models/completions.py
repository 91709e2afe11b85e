"""Completion records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.uploads import private_upload_path
from portal.workflow import Transition, Workflow
from training.models.courses import Course
from training.models.sessions import Booking


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
    member_note = models.TextField(max_length=2_000, blank=True)
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
    rejection_reason = models.TextField(max_length=2_000, blank=True, editable=False)
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
    reason = models.TextField(max_length=2_000, blank=True, help_text="Why: shown to the member.")
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
                violation_error_message="This member already has this course outstanding.",
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="training_assignment_due")]

    def __str__(self):
        return f"{self.course} for {self.member}"
