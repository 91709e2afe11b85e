"""Registers of interests: each member's register, its versions, gifts and hospitality, dispensations.

A member's register is a series of returns. The member works on a draft; each
submission freezes it as a numbered version, which the Monitoring Officer
accepts and publishes or sends back with a message. Entries are copied into
each new draft with a stable ``key``, so any two versions can be compared.

Whose an interest is (the member's or their partner's) and a sensitive
interest's details are kept for the Monitoring Officer; the public register
never shows either (see ``interests.publication``).
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from portal.events import AbstractEvent

# The law's longest dispensation (s.33(3)): four years, counted in days for the database's check.
DISPENSATION_MAX_DAYS = 4 * 365 + 1


class Category(models.Model):
    """A heading of the register, seeded from the law and the Model Code; an administrator may change it."""

    class Kind(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        OTHER = "other", "Other registrable interest"

    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=150)
    guidance = models.TextField(
        max_length=3_000, help_text="What to register under this heading, in plain words, shown to members."
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Untick to stop asking for this heading.")

    class Meta:
        # Disclosable pecuniary interests ("pecuniary") before other registrable interests ("other").
        ordering = ["-kind", "position", "pk"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class RegisterQuerySet(models.QuerySet):
    def with_member(self):
        return self.select_related("member__authority", "member__user")


class Register(models.Model):
    """One member's register of interests: a row per member, holding what the versions share."""

    member = models.OneToOneField("portal.Member", on_delete=models.CASCADE, related_name="interest_register")
    created_at = models.DateTimeField(default=timezone.now)
    # The latest accepted version, and when it was published (the public page's "last updated").
    published_return = models.ForeignKey(
        "Return", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    last_submitted_at = models.DateTimeField(null=True, blank=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["member__last_name", "member__first_name"]
        permissions = [
            ("declare_interests", "Can keep their own register of interests"),
            ("keep_registers", "Can review and publish every member's register of interests"),
            ("enter_paper_returns", "Can enter registers received on paper for members without a login"),
        ]

    def __str__(self):
        return f"Register of {self.member}"

    def get_absolute_url(self):
        return reverse("interests:register", args=[self.member_id])

    @property
    def first_due_on(self) -> datetime.date:
        """A new member's first return is due this many days after their term starts."""
        return self.member.term_start + datetime.timedelta(days=settings.INTERESTS_REGISTRATION_DAYS)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Accepted and published"
    SUPERSEDED = "superseded", "Replaced by a later version"


class ReturnQuerySet(models.QuerySet):
    def versions(self):
        return self.exclude(status=Status.DRAFT)

    def pending_review(self):
        return self.filter(status=Status.SUBMITTED)


class Return(models.Model):
    """One version of a member's register: a draft, or a numbered submission."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="returns")
    number = models.PositiveIntegerField(null=True, blank=True, help_text="Given when it is submitted.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_confirmation = models.BooleanField(
        default=False, help_text="The member confirmed that the register is still right, unchanged."
    )
    # Parish and town members without a login send a paper form; Member Support types it in.
    on_paper = models.BooleanField("received on paper", default=False)
    paper_received_on = models.DateField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_message = models.TextField(
        "message to the member", max_length=3_000, blank=True, help_text="What needs changing, and why."
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["register", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["register"],
                condition=Q(status="draft"),
                name="interests_return_one_draft",
                violation_error_message="This register already has a draft.",
            ),
            models.UniqueConstraint(
                fields=["register", "number"],
                name="interests_return_unique_number",
                violation_error_message="This register already has a version with this number.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True)
                | (~Q(status="draft") & Q(number__isnull=False)),
                name="interests_return_numbered_when_submitted",
                violation_error_message="A submitted version needs a number; a draft has none.",
            ),
            models.CheckConstraint(
                condition=Q(on_paper=False) | Q(paper_received_on__isnull=False),
                name="interests_return_paper_has_date",
                violation_error_message="Give the date the paper form was received.",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="interests_return_status")]

    def __str__(self):
        return f"{self.register.member}: {self.label}"

    @property
    def label(self) -> str:
        return f"version {self.number}" if self.number else "draft"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class Whose(models.TextChoices):
    MEMBER = "member", "Mine"
    PARTNER = "partner", "My spouse, civil partner or partner's"


class Sensitivity(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    ASKED = "asked", "Asked for, not yet decided"
    AGREED = "agreed", "Agreed: details withheld"
    REFUSED = "refused", "Not agreed: details published"


class Entry(models.Model):
    """One interest in one version. ``key`` stays the same from version to version."""

    return_version = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="entries")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    whose = models.CharField(max_length=8, choices=Whose.choices, default=Whose.MEMBER)
    description = models.TextField(
        max_length=1_000,
        help_text="Say what it is: for example the employer and the job, the company, or the land "
        "(enough to identify it).",
    )
    sensitive = models.CharField(max_length=8, choices=Sensitivity.choices, blank=True, default="")
    sensitive_reason = models.TextField(
        "why publishing it could lead to violence or intimidation", max_length=2_000, blank=True
    )
    sensitive_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sensitive_decided_at = models.DateTimeField(null=True, blank=True)
    sensitive_decision_note = models.TextField("reason for the decision", max_length=2_000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-category__kind", "category__position", "created_at", "pk"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(
                fields=["return_version", "key"],
                name="interests_entry_key_once_per_version",
                violation_error_message="This interest is already in this version.",
            ),
            models.CheckConstraint(
                condition=Q(sensitive="") | ~Q(sensitive_reason=""),
                name="interests_entry_sensitive_has_reason",
                violation_error_message="Say why publishing the details could put someone at risk.",
            ),
            models.CheckConstraint(
                condition=~Q(description=""),
                name="interests_entry_has_description",
                violation_error_message="Describe the interest.",
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.description[:60]}"

    @property
    def whose_to_others(self) -> str:
        """Whose interest it is, worded for an officer (the choice labels speak as the member)."""
        if self.whose == Whose.PARTNER:
            return "Their spouse, civil partner or partner's"
        return "The member's own"

    @property
    def is_withheld(self) -> bool:
        return self.sensitive == Sensitivity.AGREED


class GiftQuerySet(models.QuerySet):
    def published(self):
        return self.filter(value__gte=settings.INTERESTS_GIFT_THRESHOLD_POUNDS)


class Gift(models.Model):
    """A gift or hospitality a member was offered, accepted or declined."""

    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="gifts")
    giver = models.CharField("who offered it", max_length=200)
    description = models.CharField("what it was", max_length=500)
    value = models.DecimalField(
        "estimated value (£)", max_digits=9, decimal_places=2, help_text="Your best estimate, in pounds."
    )
    received_on = models.DateField("date offered or received")
    accepted = models.BooleanField(default=True)
    declared_at = models.DateTimeField(default=timezone.now)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_paper = models.BooleanField("received on paper", default=False)
    is_late = models.BooleanField(
        "registered late", default=False, help_text="Registered more than the allowed days after receipt."
    )
    # The form's one-time token: the same form posted twice makes one declaration.
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    objects = GiftQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["member", "-received_on"], name="interests_gift_member"),
            # The officers' dashboard counts recent declarations (late, or close to the deadline).
            models.Index(fields=["declared_at"], name="interests_gift_declared"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="interests_gift_value_not_negative",
                violation_error_message="The value cannot be below zero.",
            ),
        ]

    def __str__(self):
        return f"{self.description} from {self.giver}"

    @property
    def register_by(self) -> datetime.date:
        return self.received_on + datetime.timedelta(days=settings.INTERESTS_REGISTRATION_DAYS)


class Dispensation(models.Model):
    """A member's request to take part in a matter despite an interest (s.33), and its decision."""

    class Decision(models.TextChoices):
        REQUESTED = "requested", "Waiting for a decision"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    class DecidedBy(models.TextChoices):
        MONITORING_OFFICER = "monitoring_officer", "The Monitoring Officer"
        STANDARDS_COMMITTEE = "standards_committee", "The Standards Committee"

    class Grounds(models.TextChoices):
        # The grounds of s.33(2), in our own words.
        QUORUM = "quorum", "Too many members would otherwise be unable to take part"
        POLITICAL_BALANCE = "balance", "The political balance of the meeting would otherwise be upset"
        AREA = "area", "It is in the interests of people living in the area"
        EXECUTIVE = "executive", "Every member of the executive would otherwise be unable to take part"
        APPROPRIATE = "appropriate", "It is otherwise appropriate to grant it"

    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="dispensations")
    matters = models.TextField("matters it covers", max_length=2_000)
    reasons = models.TextField("why the member asks", max_length=3_000)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.REQUESTED)
    decided_by_body = models.CharField("decided by", max_length=20, choices=DecidedBy.choices, blank=True)
    grounds = models.CharField(max_length=12, choices=Grounds.choices, blank=True)
    decision_note = models.TextField("reasons for the decision", max_length=3_000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="granted")
                | (Q(starts_on__isnull=False, ends_on__isnull=False) & ~Q(grounds="")),
                name="interests_dispensation_granted_has_dates_and_grounds",
                violation_error_message="A granted dispensation needs its grounds, a start and an end date.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="interests_dispensation_ends_after_start",
                violation_error_message="The dispensation must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__lte=F("starts_on") + datetime.timedelta(days=DISPENSATION_MAX_DAYS)),
                name="interests_dispensation_at_most_four_years",
                violation_error_message="A dispensation may last at most four years.",
            ),
        ]

    def __str__(self):
        return f"Dispensation for {self.member}: {self.matters[:60]}"

    @property
    def decided_by_in_a_sentence(self) -> str:
        """'the Standards Committee' or 'the Monitoring Officer', for the middle of a sentence."""
        label = self.get_decided_by_body_display()
        return label[:1].lower() + label[1:]


class InterestEvent(AbstractEvent):
    """The trail of a member's register: returns, reviews, sensitive decisions, gifts, dispensations."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    return_version = models.ForeignKey(
        Return, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["register", "-created_at"], name="interests_event_register")]

    def __str__(self):
        return f"{self.action} ({self.created_at:%Y-%m-%d})"


class ReminderSent(models.Model):
    """A reminder that has gone: the unique key makes each go once."""

    class Kind(models.TextChoices):
        NEW_MEMBER_FIRST = "new_7", "New member, first reminder"
        NEW_MEMBER_SECOND = "new_21", "New member, second reminder"
        CHANGE_PENDING = "change", "Change waiting to be submitted"
        ANNUAL = "annual", "Yearly confirmation"
        OVERDUE_TO_OFFICER = "overdue", "Overdue return, told to the Monitoring Officer"

    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=40, blank=True, help_text="Which round: a year, or a version's id.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "key"],
                name="interests_reminder_once",
                violation_error_message="This reminder has already been sent.",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.member_id}"
