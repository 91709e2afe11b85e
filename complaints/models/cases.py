"""Standards complaints: case files, their history, and who has looked at them.."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from complaints.codes import CodeParagraph, NolanPrinciple
from complaints.stages import Stage
from portal.events import AbstractEvent
from portal.models import Authority, Member


def new_token() -> str:
    """An unguessable token for a link (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What we store in place of a link's token, so a copy of the database opens no links."""
    return hashlib.sha256(token.encode()).hexdigest()


class ComplaintQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(stage=Stage.UNCONFIRMED)

    def for_case_list(self):
        return self.confirmed().select_related("subject_member__authority", "subject_authority")

    def overdue(self, on=None):
        """Cases past the target of a clock that still runs: the one definition of overdue.

        A case clock (acknowledgement, initial assessment) is overdue when its target has
        passed and it is not paused; the member's response is overdue only while the case is
        at a stage that waits for it (RESPONSE_CLOCK_STAGES). The dashboard, the case list's
        filter and the demo all ask this.
        """
        # Notices are defined beside this module and refer to Complaint, so look them up late.
        from complaints.models.notices import SubjectNotice

        on = on or timezone.localdate()
        overdue_notices = SubjectNotice.objects.overdue(on)
        return self.annotate(
            response_due_by=models.Subquery(
                overdue_notices.filter(complaint=models.OuterRef("pk"))
                .order_by("respond_by")
                .values("respond_by")[:1]
            )
        ).filter(
            # "pk in (overdue notices' cases)", not "response_due_by is not null": the same
            # cases, but PostgreSQL reads the notices once instead of once for every case.
            Q(due_on__lt=on, paused_since__isnull=True) | Q(pk__in=overdue_notices.values("complaint_id"))
        )


class Complaint(models.Model):
    """One complaint about a member's conduct: the case file."""

    class Source(models.TextChoices):
        PUBLIC = "public", "Member of the public"
        MEMBER = "member", "Councillor or co-opted member"
        OFFICER = "officer", "Council officer"

    class Confidentiality(models.TextChoices):
        NOT_REQUESTED = "not_requested", "Not requested"
        PENDING = "pending", "Requested, not yet decided"
        GRANTED = "granted", "Granted: the complainant's name is withheld"
        REFUSED = "refused", "Refused: the member will be told who complained"

    class Clock(models.TextChoices):
        NONE = "", "No target running"
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
        INITIAL_ASSESSMENT = "initial_assessment", "Initial assessment"

    reference = models.CharField(max_length=32, unique=True, null=True, blank=True)
    stage = models.CharField(max_length=24, choices=Stage.choices, default=Stage.UNCONFIRMED)
    outcome = models.CharField(
        max_length=24,
        choices=Stage.choices,
        blank=True,
        help_text="The result the case ended with; kept when the case is closed.",
    )

    class ReceivedVia(models.TextChoices):
        ONLINE = "online", "Online form"
        POST = "post", "By post"
        EMAIL = "email", "By email"
        PHONE = "phone", "By phone"
        IN_PERSON = "in_person", "In person"

    source = models.CharField(max_length=8, choices=Source.choices, default=Source.PUBLIC)
    received_via = models.CharField(
        "how it was received", max_length=10, choices=ReceivedVia.choices, default=ReceivedVia.ONLINE
    )
    # The hidden token in the form: the same form posted twice makes one complaint.
    form_token = models.UUIDField(unique=True)
    confirmation_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)

    # The complainant
    complainant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_made",
    )
    complainant_name = models.CharField(max_length=200)
    # Blank only for a complaint an officer recorded from a letter or a call: we then write.
    complainant_email = models.EmailField(blank=True)
    complainant_phone = models.CharField(max_length=40, blank=True)
    complainant_address = models.TextField(max_length=500, blank=True)

    # The member complained about
    subject_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    subject_description = models.TextField(
        max_length=2_000,
        blank=True,
        help_text="Who the complainant means, when they could not pick the member from the list.",
    )
    subject_authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )

    # The complaint
    what_happened = models.TextField(
        max_length=20_000,
    )
    incident_date = models.DateField(null=True, blank=True)
    incident_place = models.CharField("where it happened", max_length=300, blank=True)
    incident_link = models.URLField("link", max_length=500, blank=True)
    code_paragraphs = ArrayField(
        models.CharField(max_length=20, choices=CodeParagraph.choices), default=list, blank=True
    )
    nolan_principles = ArrayField(
        models.CharField(max_length=20, choices=NolanPrinciple.choices), default=list, blank=True
    )
    outcome_sought = models.TextField(max_length=5_000, blank=True)

    # Confidentiality of the complainant's identity
    confidentiality_requested = models.BooleanField(default=False)
    confidentiality_reasons = models.TextField(max_length=5_000, blank=True)
    confidentiality = models.CharField(
        max_length=16, choices=Confidentiality.choices, default=Confidentiality.NOT_REQUESTED
    )
    confidentiality_decision_reasons = models.TextField(max_length=5_000, blank=True)
    confidentiality_decided_at = models.DateTimeField(null=True, blank=True)

    # Dates and deadlines (working days; see complaints.deadlines)
    submitted_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_due_on = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    assessment_due_on = models.DateField(null=True, blank=True)
    assessment_decided_at = models.DateTimeField(null=True, blank=True)
    hearing_on = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    clock = models.CharField(max_length=20, choices=Clock.choices, blank=True, default="")
    due_on = models.DateField(
        null=True, blank=True, help_text="When the running target falls due (none when no target runs)."
    )
    paused_since = models.DateField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)

    anonymised_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["stage", "due_on"]),
            models.Index(fields=["-received_at", "-id"], name="complaints_received_desc"),
            models.Index(
                fields=["closed_at"], condition=Q(anonymised_at__isnull=True), name="complaints_to_anonymise"
            ),
            models.Index(
                fields=["submitted_at"], condition=Q(stage="unconfirmed"), name="complaints_unconfirmed"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(complainant_email="") | ~Q(complainant_address="") | ~Q(complainant_phone=""),
                name="complaints_complainant_reachable",
                violation_error_message=(
                    "Give the complainant's email address, postal address or phone number, "
                    "so we can tell them what happens."
                ),
            ),
        ]
        permissions = [
            ("manage_cases", "Can see and run standards complaint case files"),
            ("consult_on_cases", "Can give an Independent Person's view on cases assigned to them"),
        ]

    def __str__(self):
        return self.reference or f"Unconfirmed complaint {self.pk}"

    @property
    def is_confirmed(self):
        return self.stage != Stage.UNCONFIRMED

    @property
    def is_open(self):
        from complaints.stages import OPEN_STAGES

        return self.stage in OPEN_STAGES

    @property
    def name_withheld(self) -> bool:
        """Whether the subject member (and anyone on their side) must not learn who complained."""
        return self.confidentiality == self.Confidentiality.GRANTED

    @property
    def is_parish(self) -> bool:
        return self.subject_authority_id is not None and not self.subject_authority.is_district

    @property
    def subject_label(self) -> str:
        if self.subject_member_id:
            return self.subject_member.display_name
        return "Not identified"

    @property
    def writes_by_post(self) -> bool:
        """No email address on file: the complainant is told by letter (or by phone)."""
        return not self.complainant_email

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    def is_overdue(self, on=None) -> bool:
        on = on or timezone.localdate()
        return bool(self.due_on and not self.paused_since and self.due_on < on)


class ReferenceSequence(models.Model):
    """The last reference number given out in a year; locked while the next is taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class CaseEvent(AbstractEvent):
    """Something that happened to a case: a move between stages, a pause, a decision recorded."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", "Stage changed"
        PAUSED = "paused", "Clock paused"
        RESUMED = "resumed", "Clock resumed"
        CONFIDENTIALITY = "confidentiality", "Confidentiality decided"
        ASSESSMENT = "assessment", "Initial assessment recorded"
        NOTICE_SENT = "notice_sent", "Member told of the complaint"
        RESPONSE = "response", "Member's response received"
        IP_ASSIGNED = "ip_assigned", "Independent Person asked for a view"
        IP_VIEW = "ip_view", "Independent Person's view recorded"
        DOCUMENT = "document", "Document added"
        SANCTION = "sanction", "Sanction recorded"
        SANCTION_UPDATE = "sanction_update", "Sanction compliance updated"
        NOTICE_PUBLISHED = "notice_published", "Decision notice published"
        NOTICE_UNPUBLISHED = "notice_unpublished", "Decision notice taken off the register"
        ANONYMISED = "anonymised", "Personal details removed (retention)"
        CONFIRMATION_RESENT = "confirmation_resent", "Confirmation email sent again"
        BY_POST = "by_post", "Letter or call due (no email address)"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSITION)
    from_status = models.CharField(max_length=24, choices=Stage.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Stage.choices, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["complaint", "created_at"])]

    def __str__(self):
        return f"{self.complaint}: {self.get_kind_display()}"
