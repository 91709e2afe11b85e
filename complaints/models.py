"""Standards complaints: case files, their history, and who has looked at them.

A complaint is a case file held by the Monitoring Officer. Its stage moves
only through complaints.services, which writes a CaseEvent row for each move.
Case files hold special-category data, so every view and download is written
to CaseAccess, and closed files are anonymised after the retention period.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from complaints import notices
from complaints.codes import CodeParagraph, NolanPrinciple
from complaints.stages import Stage
from portal.events import AbstractEvent
from portal.models import Authority, Member
from portal.uploads import private_upload_path


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
        on = on or timezone.localdate()
        return self.annotate(
            response_due_by=models.Subquery(
                SubjectNotice.objects.overdue(on)
                .filter(complaint=models.OuterRef("pk"))
                .order_by("respond_by")
                .values("respond_by")[:1]
            )
        ).filter(Q(due_on__lt=on, paused_since__isnull=True) | Q(response_due_by__isnull=False))


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
    complainant_email = models.EmailField()
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

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSITION)
    from_status = models.CharField(max_length=24, choices=Stage.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Stage.choices, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["complaint", "created_at"])]

    def __str__(self):
        return f"{self.complaint}: {self.get_kind_display()}"


class ReleasedDocuments(models.Manager):
    """Documents on the case: never evidence still in quarantine."""

    def get_queryset(self):
        return super().get_queryset().filter(quarantined=False)


class AllDocuments(models.Manager):
    """Every document, quarantined or not: for releasing and deleting quarantined evidence."""


class CaseDocument(models.Model):
    """Evidence from the complainant, an investigation report, or another paper on the case.

    Evidence sent with a public complaint is held in quarantine until the
    complainant confirms their email address: ``objects`` (and so
    ``complaint.documents``, the case pages and the admin) never shows it;
    ``with_quarantined`` is for the code that releases or deletes it.
    """

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", "Evidence from the complainant"
        REPORT = "report", "Investigation report"
        OTHER = "other", "Other document"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EVIDENCE)
    file = models.FileField(upload_to=private_upload_path("complaints"), max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quarantined = models.BooleanField(
        default=False,
        editable=False,
        help_text="Sent with a public complaint whose email address is not yet confirmed.",
    )

    objects = ReleasedDocuments()
    with_quarantined = AllDocuments()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        base_manager_name = "with_quarantined"

    def __str__(self):
        return self.original_name


class Assessment(models.Model):
    """The Monitoring Officer's initial assessment: the "can we" tests and what is engaged."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="assessment")
    subject_is_member = models.CharField(
        "Was the subject a member at the time?", max_length=3, choices=Answer.choices, blank=True
    )
    within_time_limit = models.CharField(
        "Was the complaint made within the time limit?", max_length=3, choices=Answer.choices, blank=True
    )
    acting_in_capacity = models.CharField(
        "Was the member acting as a member?", max_length=3, choices=Answer.choices, blank=True
    )
    capacity_reasons = models.TextField("Why (acting in capacity)", max_length=5_000, blank=True)
    covered_by_code = models.CharField(
        "Is the conduct covered by the Code of Conduct?", max_length=3, choices=Answer.choices, blank=True
    )
    code_paragraphs = ArrayField(
        models.CharField(max_length=20, choices=CodeParagraph.choices), default=list, blank=True
    )
    nolan_principles = ArrayField(
        models.CharField(max_length=20, choices=NolanPrinciple.choices), default=list, blank=True
    )
    notes = models.TextField("Assessment notes", max_length=20_000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    TESTS = ("subject_is_member", "within_time_limit", "acting_in_capacity", "covered_by_code")

    def __str__(self):
        return f"Assessment of {self.complaint}"

    @property
    def tests_complete(self) -> bool:
        return all(getattr(self, name) for name in self.TESTS) and bool(self.capacity_reasons.strip())

    @property
    def failed_tests(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.TESTS
            if getattr(self, name) == self.Answer.NO
        ]


class IndependentPersonAssignment(models.Model):
    """An Independent Person asked for their view on one case: the only way they see it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="ip_assignments")
    independent_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="complaint_assignments"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "independent_person"],
                name="complaints_one_assignment_per_ip",
                violation_error_message="This Independent Person is already assigned to the complaint.",
            )
        ]

    def __str__(self):
        return f"{self.independent_person} on {self.complaint}"


class IndependentPersonView(models.Model):
    """What the Independent Person said, and at which stage of the case."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="ip_views")
    independent_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaint_views_given"
    )
    stage = models.CharField(max_length=24, choices=Stage.choices)
    view = models.TextField(
        max_length=20_000,
    )
    consulted_on = models.DateField(default=timezone.localdate)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["complaint", "stage"])]

    def __str__(self):
        return f"View of {self.independent_person} on {self.complaint}"


# The member's response informs the initial assessment (or its review); once a case has moved
# on, e.g. into investigation, that clock no longer runs.
RESPONSE_CLOCK_STAGES = (Stage.ACKNOWLEDGED, Stage.INITIAL_ASSESSMENT, Stage.REVIEW)


class SubjectNoticeQuerySet(models.QuerySet):
    def overdue(self, on=None):
        """Notices whose response is late while the case still waits for it."""
        on = on or timezone.localdate()
        return self.filter(
            responded_at__isnull=True, respond_by__lt=on, complaint__stage__in=RESPONSE_CLOCK_STAGES
        )


class SubjectNotice(models.Model):
    """The member told of the complaint and invited to respond."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="subject_notices")
    member = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="complaint_notices")
    # A snapshot of the confidentiality decision when the notice went out.
    complainant_named = models.BooleanField()
    complainant_label = models.CharField(max_length=200)
    allegation_summary = models.TextField(
        max_length=20_000,
    )
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_to = models.EmailField(blank=True)
    clerk_notified = models.EmailField(blank=True)
    respond_by = models.DateField()
    response = models.TextField(max_length=20_000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = SubjectNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(
                fields=["respond_by"],
                condition=Q(responded_at__isnull=True),
                name="complaints_awaiting_response",
            )
        ]

    def __str__(self):
        return f"Notice on {self.complaint}"


class DecisionNotice(models.Model):
    """A decision written up from the case; hearing decisions are published on the register."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="decision_notices")
    decision = models.CharField(max_length=24, choices=Stage.choices)
    title = models.CharField(max_length=200)
    # The text for the parties, with notices.COMPLAINANT_SLOT where the complainant is named:
    # read it through ``for_parties``, which names them only if the name is not withheld now.
    text = models.TextField(
        max_length=50_000,
    )
    # The text for the public register: never names the complainant.
    public_text = models.TextField(max_length=50_000, blank=True)
    # Whether the name was withheld when the notice was made (a record; the text follows the
    # decision in force whenever it is shown or sent).
    complainant_redacted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # What the public register shows, copied at publication so it survives anonymisation.
    member_name = models.CharField(max_length=200, blank=True)
    authority_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["-published_at"], condition=Q(published_at__isnull=False), name="complaints_register"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def for_parties(self) -> str:
        """The text the complainant, the member and a clerk read, as confidentiality stands now."""
        return notices.fill_complainant(self.complaint, self.text)


class Sanction(models.Model):
    """A sanction after a breach, or for a parish member a recommendation to their council."""

    class Kind(models.TextChoices):
        CENSURE = "censure", "Formal censure"
        PUBLISH_FINDINGS = "publish_findings", "Publish the findings"
        REPORT_TO_COUNCIL = "report_to_council", "Report the findings to full Council"
        REMOVE_FROM_COMMITTEES = "remove_from_committees", "Remove from committees or outside bodies"
        TRAINING = "training", "Training"
        WITHDRAW_FACILITIES = "withdraw_facilities", "Withdraw council facilities"
        RESTRICT_PREMISES = "restrict_premises", "Restrict access to council premises"

    class Compliance(models.TextChoices):
        PENDING = "pending", "Not yet done"
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done by the date set"

    class ParishAction(models.TextChoices):
        NOT_APPLICABLE = "", "Not a recommendation"
        AWAITING = "awaiting", "Waiting for the parish council to decide"
        ACTED = "acted", "The parish council acted on it"
        DECLINED = "declined", "The parish council did not act on it"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    details = models.TextField(max_length=10_000, blank=True)
    course = models.ForeignKey(
        "training.Course",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a training sanction: the course the member is enrolled on.",
    )
    is_recommendation = models.BooleanField(
        default=False, help_text="For a parish or town councillor the district can only recommend a sanction."
    )
    due_on = models.DateField(null=True, blank=True)
    compliance = models.CharField(max_length=10, choices=Compliance.choices, default=Compliance.PENDING)
    compliance_notes = models.TextField(max_length=10_000, blank=True)
    complied_on = models.DateField(null=True, blank=True)
    parish_action = models.CharField(max_length=10, choices=ParishAction.choices, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["compliance", "due_on"])]

    def __str__(self):
        return self.get_kind_display()

    @property
    def description(self) -> str:
        """The kind and its details, without saying the kind twice ("Formal censure, to be moved ...")."""
        label = self.get_kind_display()
        details = self.details.strip()
        if not details:
            return label
        if details.lower().startswith(label.lower()):
            return details
        return f"{label}: {details}"


class CaseAccess(models.Model):
    """Someone looked at or downloaded part of a case file."""

    class Action(models.TextChoices):
        VIEWED_CASE = "viewed_case", "Viewed the case file"
        VIEWED_AS_IP = "viewed_as_ip", "Viewed the case file as Independent Person"
        DOWNLOADED = "downloaded", "Downloaded a document"
        VIEWED_NOTICE = "viewed_notice", "Viewed a decision notice"
        VIEWED_MEMBER_NOTICE = "viewed_member_notice", "Subject member viewed their notice"
        VIEWED_ACCESS_LOG = "viewed_access_log", "Viewed the access log"
        VIEWED_IN_BACK_OFFICE = "viewed_back_office", "Viewed in the back office"
        LISTED = "listed", "Listed in the case list or a search"
        LISTED_IN_BACK_OFFICE = "listed_back_office", "Listed in the back office"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=24, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["complaint", "-at"])]
        verbose_name_plural = "case access records"

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.complaint}"
