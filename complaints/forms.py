"""Forms for the complaint pages. They parse input; services decide what is allowed."""

import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone

from complaints.codes import CODE_HINTS, NOLAN_HINTS, CodeParagraph, NolanPrinciple
from complaints.models import Assessment, CaseDocument, Complaint, Sanction
from complaints.stages import Stage
from portal.models import Authority, Member, User
from portal.uploads import EVIDENCE_KINDS, IMAGE_KINDS, MultipleFileField, UploadValidator
from training.models import Course

UNKNOWN_MEMBER = "unknown"
MAX_EVIDENCE_FILES = 5
PUBLIC_EVIDENCE_KINDS = (*IMAGE_KINDS, "pdf")


def member_choices():
    """Serving members of the district and its parish and town councils, grouped by council. One query."""
    members = (
        Member.objects.current()
        .filter(Q(authority__kind=Authority.Kind.DISTRICT) | Q(authority__parent__isnull=False))
        .select_related("authority")
        .order_by("authority__kind", "authority__name", "last_name", "first_name")
    )
    groups: dict[str, list] = {}
    for member in members:
        ward = f" ({member.ward})" if member.ward and member.authority.is_district else ""
        groups.setdefault(member.authority.name, []).append((str(member.pk), f"{member.display_name}{ward}"))
    return [
        ("", "Choose a councillor"),
        *groups.items(),
        (UNKNOWN_MEMBER, "I don't know their name, or they are not listed"),
    ]


class ComplaintForm(forms.Form):
    """The complaint form, for the public and for signed-in members and officers."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    # A field people never see: anything typed into it came from a robot.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    complainant_name = forms.CharField(
        label="Your full name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    complainant_email = forms.EmailField(
        label="Your email address",
        help_text="We will send a link to this address to confirm it is yours, then keep you updated here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    complainant_phone = forms.CharField(
        label="Your phone number (optional)",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    complainant_address = forms.CharField(
        label="Your postal address (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )

    subject = forms.ChoiceField(
        label="Councillor",
        help_text="District councillors are listed first, then each parish and town council's members.",
    )
    subject_description = forms.CharField(
        label="If they are not listed: who are they?",
        required=False,
        help_text=(
            "Their name if you know it, the council they sit on, and anything else that helps us find them."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    what_happened = forms.CharField(
        label="What did the councillor say or do?",
        help_text="Describe what happened in your own words, in the order it happened.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
    )
    incident_date = forms.DateField(
        label="When did it happen?",
        help_text="If you are not sure of the exact day, give your best estimate.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    incident_place = forms.CharField(
        label="Where did it happen?",
        max_length=300,
        help_text="For example, at a council meeting, in the street, by email, or on a social media site.",
    )
    incident_link = forms.URLField(
        label="Link to the post or web page (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="If it happened online, paste the web address here.",
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )
    code_paragraphs = forms.MultipleChoiceField(
        label="Which parts of the Code of Conduct do you think were broken? (optional)",
        required=False,
        choices=CodeParagraph.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    nolan_principles = forms.MultipleChoiceField(
        label="Which Principles of Public Life do you think were not followed? (optional)",
        required=False,
        choices=NolanPrinciple.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome_sought = forms.CharField(
        label="What would you like to happen as a result of your complaint?",
        help_text="For example, an apology or training. The council cannot suspend or remove a councillor.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    evidence = MultipleFileField(
        label="Evidence (optional)",
        required=False,
        kinds=PUBLIC_EVIDENCE_KINDS,
        max_files=MAX_EVIDENCE_FILES,
        help_text=(
            f"Up to {MAX_EVIDENCE_FILES} files: photos or screenshots (PNG or JPEG) and PDF documents, "
            "each up to 10 MB. You can choose several at once."
        ),
    )
    confidentiality_requested = forms.BooleanField(
        label="I would like my name kept from the councillor",
        required=False,
    )
    confidentiality_reasons = forms.CharField(
        label="Why should your name be kept from them?",
        required=False,
        help_text=(
            "For example, if you fear harassment or harm, or you work for the council. The Monitoring "
            "Officer decides, and tells you before the councillor is told about the complaint."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    declaration = forms.BooleanField(
        label="What I have written is true to the best of my knowledge",
        error_messages={
            "required": "Confirm that what you have written is true to the best of your knowledge."
        },
    )

    error_messages_by_field = {
        "complainant_name": "Enter your full name.",
        "complainant_email": "Enter your email address.",
        "subject": "Choose the councillor you are complaining about, or choose “I don't know”.",
        "what_happened": "Describe what the councillor said or did.",
        "incident_date": "Enter the date it happened.",
        "incident_place": "Say where it happened.",
        "outcome_sought": "Say what you would like to happen.",
    }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["subject"].choices = member_choices()
        for name, message in self.error_messages_by_field.items():
            self.fields[name].error_messages["required"] = message
        self.fields["complainant_email"].error_messages["invalid"] = (
            "Enter an email address in the right form, like name@example.com."
        )
        self.fields["incident_date"].error_messages["invalid"] = "Enter a real date, like 14 March 2026."
        self.fields["incident_link"].error_messages["invalid"] = (
            "Enter a full web address, like https://www.example.com/post/123."
        )
        if not self.is_bound and "form_token" not in self.initial:
            self.initial["form_token"] = uuid.uuid4()
        if user is not None:
            # Signed in: we know who they are, and their email needs no confirming.
            self.fields["complainant_name"].initial = user.get_full_name()
            self.fields["complainant_email"].initial = user.email
            self.fields["complainant_email"].disabled = True
            self.fields[
                "complainant_email"
            ].help_text = "The address you sign in with. We will write to you here."

    def clean_incident_date(self):
        value = self.cleaned_data["incident_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return value

    def clean_subject(self):
        value = self.cleaned_data["subject"]
        if value == UNKNOWN_MEMBER:
            return None
        member = Member.objects.current().filter(pk=value).select_related("authority").first()
        if member is None:
            raise forms.ValidationError("Choose a councillor from the list.")
        if self.user is not None and member.user_id == self.user.pk:
            raise forms.ValidationError("You cannot complain about yourself.")
        return member

    def clean(self):
        cleaned = super().clean()
        if (
            "subject" in cleaned
            and cleaned["subject"] is None
            and not cleaned.get("subject_description", "").strip()
        ):
            self.add_error(
                "subject_description", "Tell us who the councillor is, as you chose “I don't know”."
            )
        if (
            cleaned.get("confidentiality_requested")
            and not cleaned.get("confidentiality_reasons", "").strip()
        ):
            self.add_error("confidentiality_reasons", "Say why your name should be kept from the councillor.")
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def details(self) -> dict:
        """The complaint's fields, for complaints.services.complaint_submit."""
        data = self.cleaned_data
        return {
            "complainant_name": data["complainant_name"].strip(),
            "complainant_email": data["complainant_email"].strip().lower(),
            "complainant_phone": data["complainant_phone"].strip(),
            "complainant_address": data["complainant_address"].strip(),
            "subject_member": data["subject"],
            "subject_description": data["subject_description"].strip(),
            "what_happened": data["what_happened"].strip(),
            "incident_date": data["incident_date"],
            "incident_place": data["incident_place"].strip(),
            "incident_link": data["incident_link"],
            "code_paragraphs": data["code_paragraphs"],
            "nolan_principles": data["nolan_principles"],
            "outcome_sought": data["outcome_sought"].strip(),
            "confidentiality_requested": data["confidentiality_requested"],
            "confidentiality_reasons": data["confidentiality_reasons"].strip()
            if data["confidentiality_requested"]
            else "",
        }

    # Groups of fields, each shown as a fieldset with a legend.
    SECTIONS = [
        (
            "about-you",
            "About you",
            ["complainant_name", "complainant_email", "complainant_phone", "complainant_address"],
        ),
        ("who", "Who is your complaint about?", ["subject", "subject_description"]),
        ("what", "What happened", ["what_happened", "incident_date", "incident_place", "incident_link"]),
        ("code", "The Code of Conduct", ["code_paragraphs", "nolan_principles"]),
        ("outcome", "What you would like to happen", ["outcome_sought"]),
        ("evidence", "Evidence", ["evidence"]),
        (
            "confidential",
            "Keeping your name confidential",
            ["confidentiality_requested", "confidentiality_reasons"],
        ),
        ("declaration", "Check and send", ["declaration"]),
    ]

    def sections(self):
        return [(slug, legend, [self[name] for name in names]) for slug, legend, names in self.SECTIONS]


CODE_HINT_TEXT = {str(key): value for key, value in CODE_HINTS.items()}
NOLAN_HINT_TEXT = {str(key): value for key, value in NOLAN_HINTS.items()}


class WithdrawForm(forms.Form):
    reasons = forms.CharField(
        label="Why are you withdrawing your complaint? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    confirm = forms.BooleanField(
        label="I want to withdraw my complaint",
        error_messages={"required": "Tick the box to confirm you want to withdraw your complaint."},
    )


# --- The Monitoring Officer's forms ------------------------------------------------------


class CaseFilterForm(forms.Form):
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


class MoveForm(forms.Form):
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


class AssessmentForm(forms.ModelForm):
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


class ConfidentialityForm(forms.Form):
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
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reasons for the decision."},
        help_text="For example, a risk of harm or harassment, or that the complainant is a council officer.",
    )


class PauseForm(forms.Form):
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


class AssignForm(forms.Form):
    independent_person = forms.ModelChoiceField(
        label="Independent Person",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the Independent Person to consult."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["independent_person"].queryset = independent_people()
        self.fields["independent_person"].label_from_instance = lambda user: user.get_full_name()


class RecordViewForm(forms.Form):
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


class OwnViewForm(forms.Form):
    """The Independent Person giving their view in the portal."""

    view = forms.CharField(
        label="Your view",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "The Monitoring Officer will take your view into account, and the decision notice "
            "will say you were consulted."
        ),
        error_messages={"required": "Write your view before sending it."},
    )


class SubjectNoticeForm(forms.Form):
    allegation_summary = forms.CharField(
        label="What the member is told about the complaint",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Summarise the complaint for the member."},
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Write your response before sending it."},
    )


class RecordResponseForm(ResponseForm):
    response = forms.CharField(
        label="The member's response",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Paste or summarise the response the member sent by email or post.",
        error_messages={"required": "Write down the member's response."},
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of document", choices=CaseDocument.Kind.choices)
    file = forms.FileField(
        label="File",
        validators=[UploadValidator(kinds=EVIDENCE_KINDS)],
        help_text="PDF, Word (.docx), PNG or JPEG, up to 10 MB.",
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label="Sanction", choices=Sanction.Kind.choices)
    details = forms.CharField(label="Details", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(
        label="To be carried out by (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"] = course_field()


class SanctionUpdateForm(forms.Form):
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
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2})
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
