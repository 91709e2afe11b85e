from django import forms
from django.utils import timezone

from portal.form_limits import LengthLimits
from portal.uploads import EVIDENCE_KINDS, UploadValidator
from training.models import Booking, Completion, Course
from training.selectors import bookable_members


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CourseFilterForm(LengthLimits, forms.Form):
    delivery = forms.ChoiceField(
        label="How it is delivered",
        required=False,
        choices=[("", "Any way")] + list(Course.Delivery.choices),
    )
    mandatory = forms.BooleanField(label="Only mandatory courses", required=False)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        ward = f", {member.ward}" if member.ward else ""
        return f"{member.last_name}, {member.first_name} ({member.authority}{ward})"


class BookOnBehalfForm(LengthLimits, forms.Form):
    member = MemberChoiceField(
        queryset=bookable_members(),
        label="Member",
        empty_label="Choose a member",
        help_text="Serving members, by surname. They are emailed to confirm the booking.",
    )


class CancelSessionForm(LengthLimits, forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Everyone booked or waiting is emailed this reason.",
    )


class RegisterForm(LengthLimits, forms.Form):
    """One radio group per person with a place on the session."""

    CHOICES = [choice for choice in Booking.Attendance.choices if choice[0]]

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for booking in bookings:
            name = f"attendance_{booking.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"Attendance for {booking.member.display_name}",
                choices=self.CHOICES,
                required=False,
                initial=booking.attendance or None,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.rows.append((booking, name))

    def bound_rows(self):
        return [(booking, self[name]) for booking, name in self.rows]

    def marks(self) -> dict:
        return {
            booking.pk: self.cleaned_data[name] for booking, name in self.rows if self.cleaned_data.get(name)
        }


class DeclarationForm(LengthLimits, forms.Form):
    completed_on = forms.DateField(label="Date you completed it", widget=DateInput())
    issued_by = forms.CharField(
        label="Who issued the certificate",
        max_length=200,
        help_text="For example, the Local Government Association or another council.",
    )
    evidence = forms.FileField(
        label="Evidence",
        validators=[UploadValidator(kinds=EVIDENCE_KINDS)],
        help_text="Your certificate, or a screenshot of the completion page: PDF, Word, PNG or JPEG.",
    )
    note = forms.CharField(
        label="Anything Member Support should know (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        if source != Completion.Source.CERTIFICATE:
            del self.fields["issued_by"]

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return completed_on


class RejectForm(LengthLimits, forms.Form):
    reason = forms.CharField(
        label="Why is it not accepted?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The member is emailed this.",
    )


class AssignCourseForm(LengthLimits, forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.order_by("title"), empty_label="Choose a course")
    due_on = forms.DateField(label="Complete by (optional)", required=False, widget=DateInput())
    reason = forms.CharField(
        label="Reason (shown to the member)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CohortAssignForm(LengthLimits, forms.Form):
    started_from = forms.DateField(label="Members whose term started on or after", widget=DateInput())
    started_to = forms.DateField(label="and on or before (optional)", required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("started_from"), data.get("started_to")
        if start and end and end < start:
            self.add_error("started_to", "This date must be on or after the first one.")
        return data


class IndividualAssignForm(LengthLimits, forms.Form):
    member = MemberChoiceField(queryset=bookable_members(), label="Member", empty_label="Choose a member")
