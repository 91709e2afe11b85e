"""Documents, assessment, the Independent Person."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from complaints.codes import CodeParagraph, NolanPrinciple
from complaints.models.cases import Complaint
from complaints.stages import Stage
from portal.uploads import private_upload_path


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
