"""Training and induction: courses, their sessions, bookings, completion records and induction packs.."""

import datetime
import hashlib
import secrets

from dateutil.relativedelta import relativedelta
from django.db import models
from django.urls import reverse

from portal.models import Member

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

    def offered_to(self, member):
        """Courses whose audience includes ``member`` (Course.is_for, in SQL)."""
        return self.filter(
            models.Q(audience=Course.Audience.ALL_MEMBERS) | models.Q(audience=_audience_of(member))
        )


def _audience_of(member) -> str:
    """The course audience a member belongs to besides "all members"."""
    if member.member_type == Member.MemberType.CO_OPTED:
        return Course.Audience.CO_OPTED
    return Course.Audience.COUNCILLORS


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
    description = models.TextField(
        max_length=5_000, blank=True, help_text="What the course covers and who it is for."
    )
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

    def is_for(self, member) -> bool:
        """Whether the course's audience includes the member: the one audience rule."""
        return self.audience in (Course.Audience.ALL_MEMBERS, _audience_of(member))

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
            models.UniqueConstraint(
                fields=["committee", "course"],
                name="training_requirement_unique",
                violation_error_message="This course is already required for this committee.",
            )
        ]

    def __str__(self):
        return f"{self.course} for {self.committee}"
