"""An officer recording a complaint that reached the council by post, email, phone or in person."""

from django import forms
from django.utils import timezone

from complaints.forms.public import ComplaintForm
from complaints.models import Complaint
from complaints.services.intake import CONTACT_FIELDS, NO_CONTACT

OFFLINE_CHOICES = [
    choice for choice in Complaint.ReceivedVia.choices if choice[0] != Complaint.ReceivedVia.ONLINE
]


class RecordedComplaintForm(ComplaintForm):
    """The public form's questions, asked about the complainant, plus how the complaint arrived."""

    received_via = forms.ChoiceField(
        label="How the complaint was received",
        choices=OFFLINE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how the complaint was received."},
    )
    received_on = forms.DateField(
        label="Date received",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
        error_messages={
            "required": "Enter the date the complaint reached the council.",
            "invalid": "Enter a real date, like 14 March 2026.",
        },
    )

    LABELS = {
        "complainant_name": "Complainant's full name",
        "complainant_email": "Complainant's email address (if they have one)",
        "complainant_phone": "Complainant's phone number",
        "complainant_address": "Complainant's postal address",
    }
    SECTIONS = [
        ("received", "How it was received", ["received_via", "received_on"]),
        *[
            ("about-you", "The complainant", names) if slug == "about-you" else (slug, legend, names)
            for slug, legend, names in ComplaintForm.SECTIONS
            if slug != "declaration"
        ],
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, user=None, **kwargs)
        del self.fields["declaration"]
        for name, label in self.LABELS.items():
            self.fields[name].label = label
        self.fields["complainant_name"].error_messages["required"] = "Enter the complainant's name."
        # A complaint by letter or phone may come with no email address: we then write or call.
        self.fields["complainant_email"].required = False
        self.fields["complainant_email"].help_text = (
            "We email the complainant at each step. If they have no email address, leave this "
            "empty and give their postal address or phone number: the case then lists each "
            "letter to send by post."
        )
        self.fields["complainant_address"].help_text = "Needed if there is no email address."
        self.fields["complainant_phone"].help_text = "Needed if there is no email or postal address."

    def clean(self):
        cleaned = super().clean()
        if "complainant_email" in self.errors:
            return cleaned  # a mistyped address: that message says what to fix
        if not any(cleaned.get(name, "").strip() for name in CONTACT_FIELDS):
            self.add_error("complainant_email", NO_CONTACT)
        return cleaned

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future.")
        return value
