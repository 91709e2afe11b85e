"""Ask the Monitoring Officer: members' confidential questions, the conversation about each, and the FAQ.

A question belongs to the member who asked it and to the Monitoring Officer's
team; nobody else may learn that it exists. Everything said to the member is a
``Message``; what the officers say among themselves is an ``InternalNote``, in
its own table, so that no page, email or export built for the member can pick
one up by accident.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from portal.events import AbstractEvent
from portal.uploads import private_upload_path
from portal.workdays import add_working_days, working_days_between


class Topic(models.TextChoices):
    SOCIAL_MEDIA = "social_media", "Social media"
    INTERESTS = "interests", "Interests and declarations"
    GIFTS = "gifts_hospitality", "Gifts and hospitality"
    CONDUCT = "conduct", "Conduct and behaviour"
    PREDETERMINATION = "predetermination", "Predetermination and bias"
    OTHER = "other", "Something else"


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    NORMAL = "normal", "Normal"
    LOW = "low", "Low"


class State(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_MEMBER = "awaiting_member", "Waiting for the member"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


# How each state reads to the member who asked.
MEMBER_STATE_LABELS = {
    State.NEW: "Received",
    State.IN_PROGRESS: "Being looked at",
    State.AWAITING_MEMBER: "Waiting for you",
    State.ANSWERED: "Answered",
    State.CLOSED: "Closed",
}
OPEN_STATES = (State.NEW, State.IN_PROGRESS, State.AWAITING_MEMBER, State.ANSWERED)
# States in which the officers owe the member something. A question waiting
# for the member is not flagged overdue: the next move is theirs.
WITH_OFFICERS = (State.NEW, State.IN_PROGRESS)


def due_date(received, priority: str, paused_days: int = 0):
    """The working day by which a question received at ``received`` should be answered.

    Working days spent waiting for the member (``paused_days``) push it back, as a
    complaint's pause does.
    """
    return add_working_days(received, settings.ADVICE_TARGET_WORKING_DAYS[priority] + paused_days)


def queue_order():
    """New questions first: the queue's first sort key (the same expression as its index)."""
    return Case(When(state="new", then=Value(0)), default=Value(1), output_field=IntegerField())


class QuestionQuerySet(models.QuerySet):
    def asked_by(self, user):
        return self.filter(asked_by=user)

    def open(self):
        return self.exclude(state=State.CLOSED)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(state__in=WITH_OFFICERS, due_on__lt=today)


class Question(models.Model):
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advice_questions"
    )
    member = models.ForeignKey(
        "portal.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_questions",
        help_text="The member record of the person who asked, when they have one.",
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    subject = models.CharField(max_length=150, help_text="A few words saying what the question is about.")
    body = models.TextField("question", max_length=10_000)
    document = models.ForeignKey(
        "guidance.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_questions",
        verbose_name="related guidance",
    )
    urgent_requested = models.BooleanField("member asked for an urgent answer", default=False)
    urgency_reason = models.CharField(max_length=300, blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_assignments",
    )
    received_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    # The clock stops while the question waits for the member (see services._clock_fields).
    waiting_since = models.DateField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    triaged_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_member_message_at = models.DateTimeField(null=True, blank=True)
    last_officer_message_at = models.DateTimeField(null=True, blank=True)
    member_seen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the member last opened the question."
    )
    # The ask form's one-time token: a second POST of the same form finds this
    # question instead of making another.
    submission_token = models.UUIDField(unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            # The officers' queue of open questions, in its own order: read from the index
            # a page at a time, instead of sorting every open question (see selectors.queue).
            models.Index(
                queue_order(),
                F("due_on"),
                F("received_at"),
                F("id"),
                condition=~Q(state="closed"),
                name="advice_q_open_queue",
            ),
            # The officers' dashboard counts open questions only.
            models.Index(
                fields=["state", "due_on", "assigned_to"],
                condition=~Q(state="closed"),
                name="advice_q_open_counts",
            ),
            models.Index(fields=["state", "due_on"], name="advice_q_state_due"),
            models.Index(fields=["asked_by", "-received_at"], name="advice_q_asker_received"),
            models.Index(fields=["assigned_to", "state"], name="advice_q_assignee_state"),
            models.Index(fields=["received_at"], name="advice_q_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(urgent_requested=False) | ~Q(urgency_reason=""),
                name="advice_question_urgency_has_reason",
                violation_error_message="Say why the question is urgent.",
            ),
        ]
        permissions = [
            ("ask_question", "Can ask the Monitoring Officer a question"),
            ("answer_question", "Can read and answer members' questions"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.subject}"

    def get_absolute_url(self):
        """The member's page; officers have their own (``officer_url``)."""
        return reverse("advice:question", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"Q{self.pk:05d}" if self.pk else "Q-new"

    def officer_url(self):
        return reverse("advice:case", args=[self.pk])

    @property
    def member_state_label(self) -> str:
        return MEMBER_STATE_LABELS[self.state]

    @property
    def is_overdue(self) -> bool:
        return self.state in WITH_OFFICERS and self.due_on < timezone.localdate()

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    @property
    def clock_stopped(self) -> bool:
        """Waiting for the member: the days until they reply do not count against the target."""
        return self.state == State.AWAITING_MEMBER and self.waiting_since is not None

    @property
    def due_on_if_member_replies_today(self):
        """Where the due date moves to if the member replies today (the days waited added on)."""
        waited = working_days_between(self.waiting_since, timezone.localdate()) if self.clock_stopped else 0
        return due_date(self.received_at, self.priority, self.paused_working_days + waited)

    @property
    def has_new_reply(self) -> bool:
        """Whether an officer has written since the member last looked."""
        return bool(
            self.last_officer_message_at
            and (self.member_seen_at is None or self.last_officer_message_at > self.member_seen_at)
        )

    @property
    def asker_name(self) -> str:
        if self.member_id:
            return self.member.display_name
        return self.asked_by.get_full_name()


class Message(models.Model):
    """Something said in the conversation, by the member or an officer. The member sees every message."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_officer = models.BooleanField(default=False)
    is_answer = models.BooleanField(default=False, help_text="Sent as the answer to the question.")
    body = models.TextField(max_length=20_000)
    created_at = models.DateTimeField(default=timezone.now)
    # From the reply form, so that a double submission adds one message.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "created_at"], name="advice_message_q_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_answer=False) | Q(from_officer=True),
                name="advice_message_answer_by_officer",
                violation_error_message="Only an officer's message can be marked as the answer.",
            )
        ]

    def __str__(self):
        return f"{'Officer' if self.from_officer else 'Member'} message on {self.question.reference}"


class InternalNote(models.Model):
    """What the Monitoring Officer's team say among themselves. Never shown to the member."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(
        max_length=10_000,
    )
    created_at = models.DateTimeField(default=timezone.now)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "created_at"], name="advice_note_q_created")]

    def __str__(self):
        return f"Internal note on {self.question.reference}"


class Attachment(models.Model):
    """A file sent with the question or with a message; served only to the member and the officers."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=private_upload_path("advice/attachments"), max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["question", "message"], name="advice_attachment_q_msg")]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("advice:attachment", args=[self.pk])


class QuestionEvent(AbstractEvent):
    """One change to a question: who, when, from which state to which, and why."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=State.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=State.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "created_at"], name="advice_event_q_created")]

    def __str__(self):
        return f"{self.question.reference}: {self.from_status or '—'} → {self.to_status}"


class QuestionView(models.Model):
    """Someone opened a question's page. The Monitoring Officer can see who has looked."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["question", "viewer"], name="advice_view_q_viewer")]

    def __str__(self):
        return f"{self.viewer} opened {self.question.reference}"


class FaqEntry(models.Model):
    """An answer turned into general, anonymised advice that every member can read."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField("question (as a general question)", max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    question_text = models.TextField("background", max_length=10_000, blank=True)
    answer_text = models.TextField(
        "answer", max_length=50_000, help_text="Markdown: *emphasis*, lists and links work."
    )
    # The answer without its Markdown, for search and for search-result snippets.
    plain_text = models.TextField(max_length=60_000, editable=False, default="")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    document = models.ForeignKey(
        "guidance.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_faq_entries",
        verbose_name="related guidance",
    )
    source_question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="faq_entries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("question_text", weight="B", config="english")
        + SearchVector("plain_text", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["title"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        indexes = [
            GinIndex(fields=["search_vector"], name="advice_faq_search"),
            models.Index(fields=["status", "topic"], name="advice_faq_status_topic"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="advice_faq_published_has_date",
                violation_error_message="A published answer needs a publication date.",
            )
        ]
        permissions = [("view_faq", "Can read the Monitoring Officer's FAQ")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("advice:faq_entry", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
