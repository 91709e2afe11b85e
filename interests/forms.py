"""Forms for the registers. They validate what was typed; services write."""

import functools
import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from portal.form_limits import LengthLimits

from .models import Dispensation, Whose
from .services import latest_end


class TokenForm(LengthLimits, forms.Form):
    """A one-time token: posting the same form twice makes one record."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)


def _too_long(what: str, limit: int) -> str:
    return f"Keep {what} under {limit:,} characters (it has %(show_value)s)."


def _not_future(value, what):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")
    return value


class DateInput(forms.DateInput):
    input_type = "date"


class EntryForm(LengthLimits, forms.Form):
    description = forms.CharField(
        label="Describe the interest",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Describe the interest.",
            "max_length": _too_long("the description", 1000),
        },
    )
    whose = forms.ChoiceField(
        label="Whose interest is it?",
        choices=Whose.choices,
        initial=Whose.MEMBER,
        widget=forms.RadioSelect,
        help_text="The public register never says whose an interest is, and never names your partner.",
        error_messages={"required": "Say whose interest this is."},
    )
    sensitive_reason = forms.CharField(
        label="Ask for the details to be withheld (optional)",
        max_length=2000,
        error_messages={"max_length": _too_long("your reason for withholding", 2000)},
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only if publishing the details could lead to you, or someone living with you, being "
        "subjected to violence or intimidation. Say why. The Monitoring Officer decides; until then "
        "nothing about this entry is published.",
    )


class PaperForm(forms.Form):
    paper_received_on = forms.DateField(
        label="Date the paper form was received",
        widget=DateInput,
        error_messages={
            "required": "Give the date the paper form was received.",
            "invalid": "Enter a real date.",
        },
    )

    def clean_paper_received_on(self):
        return _not_future(self.cleaned_data["paper_received_on"], "The date received")


class SubmitForm(forms.Form):
    draft = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I confirm that this register is complete and correct, to the best of my knowledge.",
        error_messages={"required": "Tick the box to confirm the register is complete and correct."},
    )

    def __init__(self, *args, own=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not own:
            # Member Support typing in a paper form: they vouch for the typing, not the contents.
            self.fields[
                "confirm"
            ].label = "I have typed in everything on the member's form, as they wrote it."
            self.fields["confirm"].error_messages["required"] = (
                "Tick the box to confirm you typed in everything on the member's form."
            )


class GiftForm(TokenForm):
    giver = forms.CharField(
        label="Who offered it?",
        max_length=200,
        error_messages={"required": "Say who offered it.", "max_length": _too_long("who offered it", 200)},
    )
    description = forms.CharField(
        label="What was it?",
        max_length=500,
        help_text="For example “Dinner at the Chamber of Commerce annual awards”.",
        error_messages={
            "required": "Say what the gift or hospitality was.",
            "max_length": _too_long("what it was", 500),
        },
    )
    value = forms.DecimalField(
        label="Estimated value in pounds",
        max_digits=9,
        decimal_places=2,
        help_text="Your best estimate.",
        error_messages={
            "required": "Give an estimated value, in pounds.",
            "invalid": "Enter the value as a number of pounds, for example 65 or 65.50.",
            "max_digits": "Enter a value under £10,000,000.",
            "max_decimal_places": "Give the value in pounds and pence, for example 65.50.",
        },
    )
    received_on = forms.DateField(
        label="Date offered or received",
        widget=DateInput,
        error_messages={"required": "Give the date it was offered.", "invalid": "Enter a real date."},
    )
    accepted = forms.TypedChoiceField(
        label="Did you accept it?",
        choices=[("yes", "I accepted it"), ("no", "I declined it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you accepted or declined it."},
    )

    field_order = ["giver", "description", "value", "received_on", "accepted"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        threshold = settings.INTERESTS_GIFT_THRESHOLD_POUNDS
        self.fields[
            "value"
        ].help_text = f"Your best estimate. Anything worth £{threshold} or more must be registered."

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and value < 0:
            raise forms.ValidationError("The value cannot be below zero.")
        return value

    def clean_received_on(self):
        return _not_future(self.cleaned_data["received_on"], "The date offered")


class DispensationRequestForm(TokenForm):
    matters = forms.CharField(
        label="Which matters is it for?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example “Setting the council tax for 2027/28”.",
        error_messages={
            "required": "Say which matters the dispensation is for.",
            "max_length": _too_long("the matters", 2000),
        },
    )
    reasons = forms.CharField(
        label="Why do you ask for it?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say which of your interests it concerns and why you should take part.",
        error_messages={
            "required": "Say why you ask for a dispensation.",
            "max_length": _too_long("your reasons", 3000),
        },
    )


class ChangesForm(LengthLimits, forms.Form):
    message = forms.CharField(
        label="Message to the member",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what needs changing. The member sees this message.",
        error_messages={"required": "Say what the member needs to change."},
    )


class SensitiveForm(LengthLimits, forms.Form):
    agree = forms.TypedChoiceField(
        label="Decision",
        choices=[("yes", "Agree: withhold the details"), ("no", "Do not agree: publish the details")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to withhold the details."},
    )
    note = forms.CharField(
        label="Reason for the decision",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason for the decision."},
    )


class DispensationDecisionForm(LengthLimits, forms.Form):
    grant = forms.TypedChoiceField(
        label="Decision",
        choices=[("yes", "Grant"), ("no", "Refuse")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to grant or refuse it."},
    )
    decided_by_body = forms.ChoiceField(
        label="Decided by",
        choices=Dispensation.DecidedBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say who made the decision."},
    )
    grounds = forms.ChoiceField(
        label="Grounds (for a grant)",
        choices=[("", "Choose the grounds"), *Dispensation.Grounds.choices],
        required=False,
    )
    starts_on = forms.DateField(
        label="Starts on (for a grant)",
        widget=DateInput,
        required=False,
        error_messages={"invalid": "Enter a real date."},
    )
    ends_on = forms.DateField(
        label="Ends on (for a grant)",
        widget=DateInput,
        required=False,
        help_text="At most four years after it starts.",
        error_messages={"invalid": "Enter a real date."},
    )
    note = forms.CharField(
        label="Reasons for the decision",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reasons for the decision."},
    )

    def clean(self):
        data = super().clean()
        if not data.get("grant"):
            return data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if not data.get("grounds"):
            self.add_error("grounds", "Choose the grounds for granting it.")
        if starts is None and "starts_on" not in self.errors:
            self.add_error("starts_on", "Give the date the dispensation starts.")
        if ends is None and "ends_on" not in self.errors:
            self.add_error("ends_on", "Give the date the dispensation ends.")
        if starts and ends:
            if ends <= starts:
                self.add_error("ends_on", "The dispensation must end after it starts.")
            elif ends > latest_end(starts):
                self.add_error(
                    "ends_on",
                    f"A dispensation may last at most four years: end it by {latest_end(starts):%d %B %Y}.",
                )
        return data


class MeetingCheckForm(forms.Form):
    q = forms.CharField(
        label="What is the agenda item about?",
        max_length=300,
        required=False,
        help_text="Words from the item: a place, a company, an organisation, a street.",
        error_messages={"max_length": "Keep the search under 300 characters."},
    )


@functools.lru_cache(maxsize=256)
def _blank_html(form_class, initial: tuple, kwargs: tuple) -> str:
    from django.template import engines

    template = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    return template.render({"form": form_class(initial=dict(initial), **dict(kwargs))})


def blank_html(form_class, *, initial=None, **kwargs):
    """A blank form as ``{{ form|crispy }}`` renders it, rendered once per process for each set of
    arguments: it holds nothing about the request (the CSRF token is outside it), and its fields
    cost most of the page to render. The arguments must be plain values (they are the key)."""
    initial = tuple(sorted((initial or {}).items()))
    html = _blank_html(form_class, initial, tuple(sorted(kwargs.items())))
    return mark_safe(html)  # noqa: S308 - our own render
