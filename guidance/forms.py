import uuid

from django import forms

from guidance.models import Attachment, Document
from portal.form_limits import LengthLimits
from portal.uploads import DOCUMENT_KINDS, UploadValidator


class LibraryFilterForm(LengthLimits, forms.Form):
    """The library's search box and filters (GET)."""

    q = forms.CharField(label="Search the guidance", required=False, max_length=200)
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "All categories"), *Document.Category.choices]
    )
    audience = forms.ChoiceField(
        label="Written for", required=False, choices=[("", "Everyone"), *Document.Audience.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def value(self, name):
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class AcknowledgeForm(LengthLimits, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ItemIdsField(forms.Field):
    """A list of ids as a browser posts them (``item=3&item=7``); anything but whole numbers is refused."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": "That item is not on this document's checklist. Reload the page and try again."
    }

    def to_python(self, value):
        values = [str(v) for v in (value or [])]
        if any(not v.isdigit() or len(v) > 18 for v in values):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return [int(v) for v in values]


class ChecklistForm(LengthLimits, forms.Form):
    """The items a member ticked, by id (ids of other documents' items are ignored by the service)."""

    item = ItemIdsField(required=False)


class ReviewForm(LengthLimits, forms.Form):
    reviewed_on = forms.DateField(
        label="Date of the review",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Usually today, or the date of the Standards Committee meeting.",
    )
    note = forms.CharField(
        label="What was checked",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="For example: checked against the current Code of Conduct and LGA guidance; still right.",
    )
    meeting_on = forms.DateField(
        label="Date of the Standards Committee meeting (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    minute_reference = forms.CharField(
        label="Minute reference (optional)",
        required=False,
        max_length=100,
        help_text="For example: SC 24/25 (7).",
    )
    meeting_outcome = forms.CharField(
        label="What the committee resolved (optional)", required=False, max_length=500
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("meeting_on") and (
            cleaned.get("minute_reference") or cleaned.get("meeting_outcome")
        ):
            self.add_error("meeting_on", "Enter the date of the Standards Committee meeting.")
        return cleaned


class ReminderForm(LengthLimits, forms.Form):
    """Carries a one-off token so a double click sends one batch of reminders."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    @classmethod
    def fresh(cls):
        return cls(initial={"token": uuid.uuid4()})


class DiffForm(LengthLimits, forms.Form):
    old = forms.TypedChoiceField(label="Compare version", coerce=int)
    new = forms.TypedChoiceField(label="with version", coerce=int)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        for name in ("old", "new"):
            self.fields[name].choices = choices
            self.fields[name].widget.attrs["class"] = "form-select"


class PublishForm(LengthLimits, forms.Form):
    """The back office's intermediate page for the "Publish a new version" action."""

    change_note = forms.CharField(
        label="What changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Members see this next to the version, e.g. 'Added a section on the pre-election period.'",
    )
    material = forms.BooleanField(
        label="This is a material change: every member in the audience must read it and acknowledge it again",
        required=False,
        help_text="Leave unticked for corrections and small clarifications: existing acknowledgements "
        "then still count and nobody is emailed.",
    )


class ArchiveForm(LengthLimits, forms.Form):
    note = forms.CharField(
        label="Why is it being archived?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class AttachmentAdminForm(LengthLimits, forms.ModelForm):
    """Checks an uploaded file by its content, not its name, before the admin saves it."""

    file = forms.FileField(
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
        help_text="A PDF or Word (.docx) file, up to the upload limit.",
    )

    class Meta:
        model = Attachment
        fields = ["title", "file"]
