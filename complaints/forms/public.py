"""Forms for the complaint pages. They parse input; services decide what is allowed.."""

import uuid

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils import timezone

from complaints.codes import CODE_HINTS, NOLAN_HINTS, CodeParagraph, NolanPrinciple
from portal.form_limits import LengthLimits
from portal.models import Authority, Member
from portal.uploads import IMAGE_KINDS, MultipleFileField

UNKNOWN_MEMBER = "unknown"
MAX_EVIDENCE_FILES = 5
PUBLIC_EVIDENCE_KINDS = (*IMAGE_KINDS, "pdf")


# The picker lists at most this many councillors for one search: a name narrows it down.
MEMBER_SEARCH_LIMIT = 20
MEMBER_SEARCH_MAX_LENGTH = 100
UNKNOWN_CHOICE = (UNKNOWN_MEMBER, "I don't know their name, or they are not listed")


def complainable_members():
    """Serving members of the district and its parish and town councils: who a complaint can be about."""
    return (
        Member.objects.current()
        .filter(Q(authority__kind=Authority.Kind.DISTRICT) | Q(authority__parent__isnull=False))
        .select_related("authority")
    )


def member_label(member) -> str:
    ward = f" ({member.ward})" if member.ward and member.authority.is_district else ""
    return f"{member.display_name}{ward}, {member.authority.name}"


def search_members(text: str) -> tuple[list, bool]:
    """Serving members whose names (or district ward) contain every word of ``text``; district first.

    Returns (up to MEMBER_SEARCH_LIMIT members, whether there were more). One query, however many
    members there are: the public form no longer lists every member of every council.
    """
    words = (text or "")[:MEMBER_SEARCH_MAX_LENGTH].split()[:5]
    if not words or len("".join(words)) < 2:
        return [], False
    match = Q()
    for word in words:
        match &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(ward__icontains=word)
    members = list(
        complainable_members()
        .filter(match)
        .order_by("authority__kind", "authority__name", "last_name", "first_name", "pk")[
            : MEMBER_SEARCH_LIMIT + 1
        ]
    )
    return members[:MEMBER_SEARCH_LIMIT], len(members) > MEMBER_SEARCH_LIMIT


class ComplaintForm(LengthLimits, forms.Form):
    """The complaint form, for the public and for signed-in members and officers."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    # A field people never see: anything typed into it came from a robot.
    website = forms.CharField(
        max_length=200,
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
        max_length=500,
        label="Your postal address (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )

    subject_search = forms.CharField(
        label="Search for the councillor",
        required=False,
        max_length=MEMBER_SEARCH_MAX_LENGTH,
        help_text="Type part of their name, or of their ward if they are a district councillor.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "type": "search"}),
    )
    subject = forms.ChoiceField(
        label="Councillor",
        widget=forms.RadioSelect,
        help_text="Search for them above, then choose them here.",
    )
    subject_description = forms.CharField(
        max_length=2_000,
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
        max_length=5_000,
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
        self._subject_choices()
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

    search_refused = False

    def show_without_errors(self):
        """Show the form as typed without checking it (the picker's search is not a submission)."""
        self._errors = ErrorDict()

    def _subject_choices(self):
        """The councillors found by the search typed in, and the one already chosen: never everyone."""
        source = self.data if self.is_bound else self.initial
        self.search_query = str(source.get("subject_search") or "").strip()[:MEMBER_SEARCH_MAX_LENGTH]
        self.search_results, self.search_more = (
            search_members(self.search_query) if self.search_query else ([], False)
        )
        members = list(self.search_results)
        chosen = str(source.get("subject") or "")
        if chosen.isdigit() and all(str(m.pk) != chosen for m in members):
            member = complainable_members().filter(pk=int(chosen)).first()
            if member is not None:
                members.insert(0, member)
        self.fields["subject"].choices = [(str(m.pk), member_label(m)) for m in members] + [UNKNOWN_CHOICE]

    def clean_incident_date(self):
        value = self.cleaned_data["incident_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return value

    def clean_subject(self):
        value = self.cleaned_data["subject"]
        if value == UNKNOWN_MEMBER:
            return None
        member = complainable_members().filter(pk=value).first()
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
        ("who", "Who is your complaint about?", ["subject_search", "subject", "subject_description"]),
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


class WithdrawForm(LengthLimits, forms.Form):
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


class ResendForm(forms.Form):
    """ "Send the email again": a one-time token makes a double click one email."""

    resend_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["resend_token"] = uuid.uuid4()
