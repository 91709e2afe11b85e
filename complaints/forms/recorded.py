"""An officer recording a complaint that reached the council by post, email, phone or in person."""

from django import forms
from django.utils import timezone

from complaints.forms.public import ComplaintForm
from complaints.models import Complaint

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
        "complainant_email": "Complainant's email address",
        "complainant_phone": "Complainant's phone number (optional)",
        "complainant_address": "Complainant's postal address (optional)",
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
        self.fields["complainant_email"].error_messages["required"] = "Enter the complainant's email address."

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future.")
        return value
