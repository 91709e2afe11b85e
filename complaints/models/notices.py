"""Notices and sanctions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from complaints import notices
from complaints.models.cases import Complaint
from complaints.models.review import RESPONSE_CLOCK_STAGES
from complaints.stages import Stage
from portal.models import Member


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
