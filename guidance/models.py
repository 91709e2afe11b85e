"""The guidance library: documents, their immutable versions, sign-off records,
acknowledgements, checklists and reviews.

Writes go through guidance.services; reads through guidance.selectors.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.events import AbstractEvent
from portal.uploads import private_upload_path


def default_review_months():
    return settings.GUIDANCE_DEFAULT_REVIEW_MONTHS


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Document.Status.PUBLISHED, current_version__isnull=False)


class Document(models.Model):
    """A piece of guidance. Its published text lives in DocumentVersion rows."""

    class Category(models.TextChoices):
        CODE_OF_CONDUCT = "code_of_conduct", "Code of Conduct"
        SOCIAL_MEDIA = "social_media", "Social media"
        LEGAL = "legal", "Legal"
        INDUCTION = "induction", "Induction"
        PLANNING = "planning", "Planning and licensing"
        DATA_PROTECTION = "data_protection", "Data protection"
        ELECTIONS = "elections", "Elections"
        GENERAL = "general", "General"

    class Audience(models.TextChoices):
        ALL_MEMBERS = "all_members", "All members"
        COUNCILLORS = "councillors", "Councillors only"
        CO_OPTED = "co_opted", "Co-opted members"
        COMMITTEE = "committee", "Members of a committee"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    slug = models.SlugField(max_length=150, unique=True, help_text="The last part of the page's address.")
    title = models.CharField(max_length=200)
    summary = models.TextField(
        max_length=600, help_text="One or two sentences: what this is and who should read it."
    )
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.GENERAL)
    owning_team = models.CharField(
        max_length=150, help_text="The team that keeps this document up to date, e.g. Legal Services."
    )
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.ALL_MEMBERS)
    committee = models.ForeignKey(
        "portal.Committee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guidance_documents",
        help_text="Only when the audience is the members of one committee.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    current_version = models.ForeignKey(
        "DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # An acknowledgement of a version numbered at least this counts as up to date:
    # the number of the latest material version.
    acknowledge_from = models.PositiveIntegerField(default=1, editable=False)
    draft_body = models.TextField(
        "text (Markdown)",
        max_length=200_000,
        blank=True,
        help_text="The text being prepared. Members see it only once it is published as a new version.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        default=default_review_months, help_text="How often the document is reviewed, in months."
    )
    next_review_on = models.DateField(null=True, blank=True, editable=False)
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_guidance",
        help_text="Who keeps the document up to date; they are reminded before its review falls due.",
    )
    # The review date the owner was last reminded of, so a reminder goes once per review.
    review_reminded_for = models.DateField(null=True, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="guidance_document_search"),
            models.Index(fields=["status", "category"], name="guidance_doc_status_cat"),
            models.Index(fields=["status", "next_review_on"], name="guidance_doc_review_due"),
            # The library lists documents by title, a page at a time.
            models.Index(fields=["title", "id"], name="guidance_doc_title"),
            # The document page's title index is current while the newest change is the same.
            models.Index(fields=["updated_at"], name="guidance_doc_updated"),
            # The dashboard counts the published documents due for review: an index-only scan.
            models.Index(
                fields=["next_review_on"],
                name="guidance_doc_pub_review",
                condition=Q(status="published", current_version__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(audience="committee") & Q(committee__isnull=False))
                | (~Q(audience="committee") & Q(committee__isnull=True)),
                name="guidance_document_committee_iff_committee_audience",
                violation_error_message="Choose a committee for a committee audience, and only then.",
            ),
        ]
        permissions = [
            ("view_library", "Can read the guidance library"),
            ("view_acknowledgement_report", "Can see who has acknowledged guidance"),
            ("publish_document", "Can publish and archive guidance"),
            ("review_document", "Can record guidance reviews"),
            ("send_acknowledgement_reminders", "Can remind members to read guidance"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guidance:document", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def audience_label(self):
        name = self.committee.name if self.audience == self.Audience.COMMITTEE and self.committee_id else None
        return self.describe_audience(self.audience, name)

    @classmethod
    def describe_audience(cls, audience: str, committee_name: str | None) -> str:
        """Who must read a document, from its audience and (for a committee's) the committee's name."""
        if audience == cls.Audience.COMMITTEE and committee_name:
            if committee_name.lower().endswith("committee"):
                return f"Members of the {committee_name}"
            return f"Members of the {committee_name} committee"
        return str(dict(cls.Audience.choices).get(audience, audience))

    @property
    def review_overdue(self):
        return bool(self.next_review_on and self.next_review_on < timezone.localdate())


class DocumentVersion(models.Model):
    """One published text of a document. Never changed once written."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=600)
    body = models.TextField("text (Markdown)", max_length=200_000)
    body_html = models.TextField(max_length=400_000, help_text="The text as sanitised HTML.")
    # The words alone, for search snippets: no Markdown punctuation, no tags.
    body_text = models.TextField(max_length=200_000, blank=True)
    change_note = models.TextField(max_length=2_000, help_text="What changed, in a sentence or two.")
    material = models.BooleanField(
        "material change",
        default=False,
        help_text="A material change asks every member in the audience to read and acknowledge again.",
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="guidance_version_unique_number",
                violation_error_message="This document already has a version with that number.",
            ),
        ]
        get_latest_by = "number"

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A published version cannot be changed; publish a new version instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("guidance:version", kwargs={"slug": self.document.slug, "number": self.number})


class Attachment(models.Model):
    """A PDF or Word file that goes with a document, served only to its audience."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200, help_text="What the file is, e.g. 'Printable version'.")
    file = models.FileField(upload_to=private_upload_path("guidance"), max_length=255)
    original_filename = models.CharField(max_length=255, editable=False)
    kind = models.CharField(max_length=10, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["document", "title"]

    def __str__(self):
        return self.title


# --- The sign-off record ------------------------------------------------------
# Each row belongs to a document and, once published, to a version. A row with
# no version is for the version being prepared: publishing attaches it.


class SignOffRecord(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="%(class)ss")
    version = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Leave blank for the version being prepared; publishing fills it in.",
    )

    class Meta:
        abstract = True


class SignOff(SignOffRecord):
    signed_off_by = models.CharField(
        "signed off by", max_length=150, help_text="A role or body, e.g. Monitoring Officer, CMT."
    )
    date_sent = models.DateField(null=True, blank=True)
    date_signed_off = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["date_sent", "pk"]
        verbose_name = "sign-off"
        indexes = [models.Index(fields=["document", "version"], name="guidance_signoff_doc_ver")]

    def __str__(self):
        return self.signed_off_by


class CommitteeNoting(SignOffRecord):
    committee = models.ForeignKey("portal.Committee", on_delete=models.PROTECT, related_name="+")
    meeting_date = models.DateField()
    outcome = models.CharField(max_length=100, default="Noted", help_text="e.g. Noted, Approved.")
    minute_reference = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["meeting_date", "pk"]
        verbose_name = "committee noting"
        indexes = [models.Index(fields=["document", "version"], name="guidance_noting_doc_ver")]

    def __str__(self):
        return f"{self.committee} on {self.meeting_date}"


class Circulation(SignOffRecord):
    recipient = models.CharField(max_length=150, help_text="A role or body, e.g. Portfolio Holder.")
    date_sent = models.DateField(null=True, blank=True, help_text="Blank means not applicable.")

    class Meta:
        ordering = ["pk"]
        verbose_name = "circulation"
        indexes = [models.Index(fields=["document", "version"], name="guidance_circ_doc_ver")]

    def __str__(self):
        return self.recipient


class Consultation(SignOffRecord):
    consultee = models.CharField(max_length=150, help_text="Who was consulted, e.g. Legal Services.")
    notes = models.TextField(max_length=20_000, help_text="What they were consulted on and what they said.")

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["document", "version"], name="guidance_consult_doc_ver")]

    def __str__(self):
        return self.consultee


class ImpactAssessment(SignOffRecord):
    class Kind(models.TextChoices):
        EQUALITY = "equality", "Equality impact analysis"
        HEALTH_SUSTAINABILITY = "health_sustainability", "Health and sustainability impact assessment"
        DATA_PROTECTION = "data_protection", "Data protection impact assessment"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    completed = models.BooleanField(default=True)
    summary = models.TextField(max_length=2_000, help_text="The findings, or why no assessment was done.")

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = "impact assessment"
        indexes = [models.Index(fields=["document", "version"], name="guidance_impact_doc_ver")]

    def __str__(self):
        return self.get_kind_display()


# --- Reading and acknowledging ------------------------------------------------


class Acknowledgement(models.Model):
    """A member confirming they have read one version of a document."""

    member = models.ForeignKey(
        "portal.Member", on_delete=models.CASCADE, related_name="guidance_acknowledgements"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="acknowledgements")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "version"],
                name="guidance_ack_unique_member_version",
                violation_error_message="This member has already acknowledged this version.",
            ),
        ]
        indexes = [models.Index(fields=["document", "member"], name="guidance_ack_doc_member")]

    def __str__(self):
        return f"{self.member} read {self.version}"


class ReminderBatch(models.Model):
    """One press of "Send reminders": who was reminded, when and by whom."""

    token = models.UUIDField(unique=True, help_text="From the form, so a double submission sends once.")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reminder_batches")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["document", "-sent_at"], name="guidance_reminder_doc_sent")]

    def __str__(self):
        return f"Reminders for {self.document} on {self.sent_at:%d %b %Y}"


class Reminder(models.Model):
    batch = models.ForeignKey(ReminderBatch, on_delete=models.CASCADE, related_name="reminders")
    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "member"],
                name="guidance_reminder_unique_member",
                violation_error_message="This member is already in this reminder batch.",
            ),
        ]
        indexes = [
            models.Index(fields=["document", "member", "-sent_at"], name="guidance_reminder_doc_member")
        ]

    def __str__(self):
        return f"Reminder on {self.sent_at:%d %b %Y}"


# --- Checklists ---------------------------------------------------------------


class ChecklistItem(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="checklist_items")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    help_text = models.TextField("explanation", max_length=2_000, blank=True)

    class Meta:
        ordering = ["document", "position", "pk"]
        verbose_name = "checklist item"

    def __str__(self):
        return self.text


class ChecklistTick(models.Model):
    """A member's private tick against a checklist item. Others only see counts."""

    member = models.ForeignKey("portal.Member", on_delete=models.CASCADE, related_name="guidance_ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks")
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "item"],
                name="guidance_tick_unique_member_item",
                violation_error_message="This member has already ticked this item.",
            ),
        ]

    def __str__(self):
        return f"Tick on {self.item_id}"


# --- Reviews and the document's history --------------------------------------


class Review(models.Model):
    class Outcome(models.TextChoices):
        NO_CHANGE = "no_change", "Reviewed, no change"
        NEW_VERSION = "new_version", "New version published"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(max_length=5_000, blank=True)
    version = models.ForeignKey(
        DocumentVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The Standards Committee meeting that reviewed the document, when one did.
    meeting_on = models.DateField("Standards Committee meeting", null=True, blank=True)
    minute_reference = models.CharField(max_length=100, blank=True)
    meeting_outcome = models.CharField("what the committee resolved", max_length=500, blank=True)
    next_review_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        indexes = [models.Index(fields=["document", "-reviewed_on"], name="guidance_review_doc_date")]

    def __str__(self):
        return f"{self.document}: {self.get_outcome_display()} on {self.reviewed_on}"


class DocumentEvent(AbstractEvent):
    """The document's trail: every change of state and every officer action."""

    class Action(models.TextChoices):
        PUBLISHED = "published", "Published a version"
        ARCHIVED = "archived", "Archived"
        REVIEWED = "reviewed", "Reviewed, no change"
        REMINDED = "reminded", "Sent reminders"
        EDITED = "edited", "Edited the draft"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    version = models.ForeignKey(
        DocumentVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["document", "-created_at"], name="guidance_event_doc_date")]

    def __str__(self):
        return f"{self.document}: {self.get_action_display()}"
