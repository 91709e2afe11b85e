"""Induction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from training import extensions
from training.models.courses import Course


class InductionPack(models.Model):
    """What a new member should read and complete in their first weeks."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(max_length=5_000, blank=True)
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
    """One thing in a pack: a guidance document to acknowledge, a course to complete, or a step
    another part of the portal registers (training/extensions.py), such as submitting the
    register of interests."""

    pack = models.ForeignKey(InductionPack, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    document = models.ForeignKey(
        "guidance.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="induction_items"
    )
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="induction_items"
    )
    step = models.CharField(
        "step elsewhere in the portal",
        max_length=50,
        blank=True,
        choices=extensions.step_choices,
        help_text="Instead of a document or a course: something done in another part of the portal.",
    )
    due_days = models.PositiveSmallIntegerField(
        "due within (days)", default=30, help_text="Days after the member's start date."
    )
    note = models.CharField(max_length=300, blank=True, help_text="A short pointer shown to the member.")

    class Meta:
        ordering = ["pack", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(document__isnull=False) & Q(course__isnull=True) & Q(step=""))
                | (Q(document__isnull=True) & Q(course__isnull=False) & Q(step=""))
                | (Q(document__isnull=True) & Q(course__isnull=True) & ~Q(step="")),
                name="training_induction_item_one_thing",
                violation_error_message=(
                    "An induction item is one thing: a document, a course or a step. Choose only one."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def kind(self):
        if self.document_id:
            return "guidance"
        return "course" if self.course_id else "step"

    @property
    def registered_step(self):
        return extensions.step(self.step) if self.step else None

    @property
    def title(self):
        if self.document_id:
            return str(self.document.title)
        if self.course_id:
            return str(self.course.title)
        found = self.registered_step
        return found.label if found else self.step

    @property
    def action(self):
        """What the member does, in words that follow the title."""
        if self.document_id:
            return "read and acknowledge"
        if self.course_id:
            return "complete the course"
        found = self.registered_step
        return found.action if found else "do this step"


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
            models.UniqueConstraint(
                fields=["pack", "member"],
                name="training_induction_one_per_member",
                violation_error_message="This member already has this induction pack.",
            ),
        ]
        indexes = [
            models.Index(fields=["pack", "start_date"], name="training_induction_cohort"),
            models.Index(fields=["member", "start_date"], name="training_induction_member"),
        ]

    def __str__(self):
        return f"{self.pack} for {self.member}"
