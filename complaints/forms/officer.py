"""The Monitoring Officer's forms."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from complaints.codes import CodeParagraph, NolanPrinciple
from complaints.models import Assessment, CaseDocument, Complaint, Sanction
from complaints.stages import Stage
from portal.form_limits import LengthLimits
from portal.models import User
from portal.uploads import EVIDENCE_KINDS, UploadValidator
from training.models import Course


class CaseFilterForm(LengthLimits, forms.Form):
    OPEN = "open"
    q = forms.CharField(label="Reference or name", required=False, max_length=100)
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[
            ("", "Any stage"),
            (OPEN, "Any open stage"),
            *[c for c in Stage.choices if c[0] != Stage.UNCONFIRMED],
        ],
    )
    council = forms.ChoiceField(
        label="Council",
        required=False,
        choices=[
            ("", "District and parish"),
            ("district", "District council"),
            ("parish", "Parish and town councils"),
        ],
    )
    overdue = forms.BooleanField(label="Only overdue cases", required=False)


class MoveForm(LengthLimits, forms.Form):
    """Moving a case on. Which extra fields matter depends on the stage it moves to."""

    reasons = forms.CharField(
        label="Reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    hearing_on = forms.DateField(
        label="Date of the hearing (if set)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    publish = forms.BooleanField(
        label="Publish the decision notice on the public register of decisions",
        required=False,
        initial=True,
    )
    sanction_kinds = forms.MultipleChoiceField(
        label="Sanctions",
        required=False,
        choices=Sanction.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sanction_details = forms.CharField(
        max_length=10_000,
        label="Details of the sanctions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, which committees, or the wording of the censure.",
    )
    sanction_due_on = forms.DateField(
        label="Date by which the sanctions should be carried out (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, target, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.complaint = complaint
        from complaints.services import REASONS_REQUIRED

        self.fields["reasons"].required = target in REASONS_REQUIRED
        if target in REASONS_REQUIRED:
            self.fields["reasons"].error_messages["required"] = (
                "Give the reasons: they go on the case record."
            )
        self.fields["reasons"].label = REASON_LABELS.get(target, "Note for the case record (optional)")
        self.fields["reasons"].help_text = REASON_HINTS.get(target, "")
        self.fields["course"] = course_field()
        if target != Stage.BREACH:
            for name in ("sanction_kinds", "sanction_details", "sanction_due_on", "course"):
                self.fields.pop(name, None)
        if target not in (Stage.NO_BREACH, Stage.BREACH):
            self.fields.pop("publish")
        if target != Stage.HEARING:
            self.fields.pop("hearing_on")

    def clean(self):
        cleaned = super().clean()
        wants_training = Sanction.Kind.TRAINING in cleaned.get("sanction_kinds", [])
        named = cleaned.get("course") or cleaned.get("sanction_details", "").strip()
        if wants_training and "course" in self.fields and not named:
            self.add_error("course", "Choose the course, or describe the training in the details.")
        return cleaned

    def sanctions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "kind": kind,
                "details": data.get("sanction_details", ""),
                "due_on": data.get("sanction_due_on"),
                "course": data.get("course") if kind == Sanction.Kind.TRAINING else None,
            }
            for kind in data.get("sanction_kinds", [])
        ]


REASON_LABELS = {
    Stage.NO_FURTHER_ACTION: "Reasons for the decision",
    Stage.INFORMAL_RESOLUTION: "Reasons, and what the informal resolution involves",
    Stage.INVESTIGATION: "Reasons for investigating",
    Stage.POLICE_REFERRAL: "Reasons for referring to the police",
    Stage.NO_BREACH: "The hearing's findings and reasons",
    Stage.BREACH: "The hearing's findings and reasons",
    Stage.WITHDRAWN: "How and why the complaint was withdrawn",
    Stage.REVIEW: "Who asked for the review, and on what grounds",
    Stage.REPORT: "Summary of the investigator's report",
    Stage.HEARING: "Why the complaint goes to a hearing",
}
REASON_HINTS = dict.fromkeys(
    (
        Stage.NO_FURTHER_ACTION,
        Stage.INFORMAL_RESOLUTION,
        Stage.INVESTIGATION,
        Stage.POLICE_REFERRAL,
        Stage.NO_BREACH,
        Stage.BREACH,
    ),
    (
        "The member and the complainant will read this in the decision notice. Refer to the complainant "
        "as “the complainant”, never by name."
    ),
)


def course_field():
    """A choice of training course for a training sanction."""
    return forms.ModelChoiceField(
        label="Course for a training sanction",
        queryset=Course.objects.all(),
        required=False,
        help_text=(
            "A district councillor is enrolled on it straight away. For a parish councillor "
            "it is a recommendation."
        ),
    )


class AssessmentForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "subject_is_member",
            "within_time_limit",
            "acting_in_capacity",
            "capacity_reasons",
            "covered_by_code",
            "code_paragraphs",
            "nolan_principles",
            "notes",
        ]
        widgets = {
            "subject_is_member": forms.RadioSelect,
            "within_time_limit": forms.RadioSelect,
            "acting_in_capacity": forms.RadioSelect,
            "covered_by_code": forms.RadioSelect,
            "capacity_reasons": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "within_time_limit": (
                "Usually within six months of the conduct, unless there is good reason for the delay."
            ),
            "acting_in_capacity": (
                "Conducting council business, using the position, or behaving so that a reasonable person "
                "would think they were acting as a councillor. Social media counts."
            ),
            "capacity_reasons": (
                "Needed for every assessment: the facts that show whether they were acting as a member."
            ),
        }

    code_paragraphs = forms.MultipleChoiceField(
        label="Parts of the Code of Conduct engaged",
        required=False,
        choices=CodeParagraph.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    nolan_principles = forms.MultipleChoiceField(
        label="Principles of Public Life engaged",
        required=False,
        choices=NolanPrinciple.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Assessment.TESTS:
            field = self.fields[name]
            field.required = False
            field.choices = [c for c in field.choices if c[0]]

    def answers(self) -> dict:
        answers = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for name in Assessment.TESTS:
            answers[name] = answers[name] or ""
        return answers


class ConfidentialityForm(LengthLimits, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("grant", "Withhold the complainant's name from the member"),
            ("refuse", "Tell the member who complained"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to withhold the complainant's name."},
    )
    reasons = forms.CharField(
        label="Reasons",
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reasons for the decision."},
        help_text="For example, a risk of harm or harassment, or that the complainant is a council officer.",
    )


class PauseForm(LengthLimits, forms.Form):
    reason = forms.CharField(
        label="Who or what is the case waiting for?",
        max_length=300,
        error_messages={"required": "Say who or what the case is waiting for."},
        help_text="For example, “Waiting for the complainant to send the screenshots they mentioned”.",
    )


def independent_people():
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(
                groups__permissions__codename="consult_on_cases",
                groups__permissions__content_type__app_label="complaints",
            )
            | Q(
                user_permissions__codename="consult_on_cases",
                user_permissions__content_type__app_label="complaints",
            )
        )
        .distinct()
        .order_by("full_name", "email")
    )


class AssignForm(LengthLimits, forms.Form):
    independent_person = forms.ModelChoiceField(
        label="Independent Person",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the Independent Person to consult."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["independent_person"].queryset = independent_people()
        self.fields["independent_person"].label_from_instance = lambda user: user.get_full_name()


class RecordViewForm(LengthLimits, forms.Form):
    """The Monitoring Officer writing down a view the Independent Person gave them."""

    independent_person = forms.ModelChoiceField(
        label="Independent Person", queryset=User.objects.none(), empty_label=None
    )
    consulted_on = forms.DateField(
        label="Date consulted",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    view = forms.CharField(
        max_length=20_000,
        label="Their view",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write down the Independent Person's view."},
    )

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["independent_person"]
        field.queryset = User.objects.filter(complaint_assignments__complaint=complaint).order_by("full_name")
        field.label_from_instance = lambda user: user.get_full_name()

    def clean_consulted_on(self):
        value = self.cleaned_data["consulted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return value


class OwnViewForm(LengthLimits, forms.Form):
    """The Independent Person giving their view in the portal."""

    view = forms.CharField(
        max_length=20_000,
        label="Your view",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "The Monitoring Officer will take your view into account, and the decision notice "
            "will say you were consulted."
        ),
        error_messages={"required": "Write your view before sending it."},
    )


class SubjectNoticeForm(LengthLimits, forms.Form):
    allegation_summary = forms.CharField(
        max_length=20_000,
        label="What the member is told about the complaint",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Summarise the complaint for the member."},
    )


class ResponseForm(LengthLimits, forms.Form):
    response = forms.CharField(
        max_length=20_000,
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Write your response before sending it."},
    )


class RecordResponseForm(ResponseForm):
    response = forms.CharField(
        max_length=20_000,
        label="The member's response",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Paste or summarise the response the member sent by email or post.",
        error_messages={"required": "Write down the member's response."},
    )


class DocumentForm(LengthLimits, forms.Form):
    kind = forms.ChoiceField(label="Kind of document", choices=CaseDocument.Kind.choices)
    file = forms.FileField(
        label="File",
        validators=[UploadValidator(kinds=EVIDENCE_KINDS)],
        help_text="PDF, Word (.docx), PNG or JPEG, up to 10 MB.",
    )


class SanctionForm(LengthLimits, forms.Form):
    kind = forms.ChoiceField(label="Sanction", choices=Sanction.Kind.choices)
    details = forms.CharField(
        max_length=10_000, label="Details", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(
        label="To be carried out by (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"] = course_field()


class SanctionUpdateForm(LengthLimits, forms.Form):
    compliance = forms.ChoiceField(label="Carried out?", choices=Sanction.Compliance.choices)
    complied_on = forms.DateField(
        label="Date carried out",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    parish_action = forms.ChoiceField(
        label="Did the parish council act on the recommendation?",
        required=False,
        choices=[c for c in Sanction.ParishAction.choices if c[0]],
    )
    compliance_notes = forms.CharField(
        max_length=10_000, label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, sanction, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "compliance": sanction.compliance,
                "complied_on": sanction.complied_on,
                "parish_action": sanction.parish_action,
                "compliance_notes": sanction.compliance_notes,
            },
        )
        kwargs.setdefault("prefix", f"sanction-{sanction.pk}")
        super().__init__(*args, **kwargs)
        self.sanction = sanction
        if not sanction.is_recommendation:
            self.fields.pop("parish_action")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("compliance") == Sanction.Compliance.DONE and not cleaned.get("complied_on"):
            self.add_error("complied_on", "Give the date it was carried out.")
        return cleaned


def complaint_initial_summary(complaint: Complaint) -> str:
    """A starting point for the member's notice. Left empty when the complainant's name is withheld,
    so the Monitoring Officer writes a summary rather than passing on words that may identify them."""
    if complaint.name_withheld:
        return ""
    parts = [complaint.what_happened]
    if complaint.incident_date or complaint.incident_place:
        when = f"{complaint.incident_date:%-d %B %Y}" if complaint.incident_date else ""
        parts.append(f"When and where: {when} {complaint.incident_place}".strip())
    return "\n\n".join(parts)
