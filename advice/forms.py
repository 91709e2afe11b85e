"""Forms for asking, replying, triage and the FAQ. They validate; services write."""

import uuid

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator

from portal.form_limits import LengthLimits
from portal.uploads import MultipleFileField

from .models import FaqEntry, Priority, State, Topic
from .services import MAX_ATTACHMENTS
from .workflow import reply_outcomes, standalone_moves

ATTACHMENT_HELP = (
    f"Optional. Up to {MAX_ATTACHMENTS} files: PDF, Word (.docx), PNG or JPEG, "
    "each no bigger than 10 MB. Only you and the Monitoring Officer's team can open them."
)


def _attachments(**kwargs):
    return MultipleFileField(
        label="Attach files",
        required=False,
        max_files=MAX_ATTACHMENTS,
        error_messages={"too_many": "You can attach up to %(max_files)s files."},
        **kwargs,
    )


class TokenMixin(LengthLimits, forms.Form):
    """A one-time token: posting the same form twice makes one record."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)


class AskForm(TokenMixin):
    topic = forms.ChoiceField(
        label="What is your question about?", choices=Topic.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(
        label="Summary",
        max_length=150,
        help_text="A few words, for example “Facebook post about a planning application”.",
    )
    body = forms.CharField(
        label="Your question",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Give the facts the Monitoring Officer needs: what you plan to do or say, when, and "
        "anything you have an interest in.",
    )
    document = forms.ModelChoiceField(
        label="Related guidance",
        queryset=None,
        required=False,
        empty_label="None",
        help_text="Optional. The guidance document your question is about.",
    )
    urgent_requested = forms.BooleanField(label="I need an answer urgently", required=False)
    urgency_reason = forms.CharField(
        label="Why is it urgent?",
        max_length=300,
        required=False,
    )
    attachments = _attachments(help_text=ATTACHMENT_HELP)

    field_order = [
        "topic",
        "subject",
        "body",
        "document",
        "urgent_requested",
        "urgency_reason",
        "attachments",
    ]

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents.order_by("title")
        self.fields["urgency_reason"].help_text = (
            "For example “The Planning Committee meets tomorrow at 6pm”. We aim to answer urgent "
            f"questions within {settings.ADVICE_TARGET_WORKING_DAYS['urgent']} working days, "
            f"others within {settings.ADVICE_TARGET_WORKING_DAYS['normal']}."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("urgent_requested") and not (cleaned.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", "Say why you need an answer urgently, or untick the urgent box.")
        return cleaned


class MemberReplyForm(TokenMixin):
    body = forms.CharField(label="Your reply", max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    attachments = _attachments(help_text=ATTACHMENT_HELP)


class OfficerReplyForm(TokenMixin):
    body = forms.CharField(
        label="Message",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="The member is emailed that there is a reply; the text itself is never emailed.",
    )
    outcome = forms.ChoiceField(label="What does this reply do?", widget=forms.RadioSelect)
    attachments = _attachments(help_text=f"Optional. Up to {MAX_ATTACHMENTS} PDF, Word, PNG or JPEG files.")

    def __init__(self, *args, state, **kwargs):
        kwargs.setdefault("auto_id", "reply_%s")  # unique ids beside the other forms on the page
        super().__init__(*args, **kwargs)
        choices = reply_outcomes(state)
        self.fields["outcome"].choices = choices
        default = State.ANSWERED if state == State.ANSWERED else State.IN_PROGRESS
        if default in dict(choices):
            self.fields["outcome"].initial = default


class NoteForm(TokenMixin):
    body = forms.CharField(
        label="Internal note",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the Monitoring Officer and the Deputy see notes. The member never does.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)


class _ListedChoices(ModelChoiceIterator):
    """The choices from one ordinary query. The default iterates with ``queryset.iterator()``,
    which on PostgreSQL opens a server-side cursor: three round trips for a handful of officers."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class OfficerChoiceField(forms.ModelChoiceField):
    iterator = _ListedChoices


class TriageForm(LengthLimits, forms.Form):
    priority = forms.ChoiceField(choices=Priority.choices, widget=forms.RadioSelect)
    assigned_to = OfficerChoiceField(
        label="Who answers it", queryset=None, required=False, empty_label="Nobody yet"
    )
    note = forms.CharField(
        label="Reason (optional)",
        max_length=200,
        required=False,
        help_text="Kept in the question's history.",
    )

    def __init__(self, *args, officers, **kwargs):
        kwargs.setdefault("auto_id", "triage_%s")
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = officers
        self.fields["assigned_to"].label_from_instance = lambda user: user.get_full_name()
        days = settings.ADVICE_TARGET_WORKING_DAYS
        self.fields["priority"].help_text = (
            f"Sets the due date: urgent {days['urgent']}, normal {days['normal']}, low {days['low']} "
            "working days after the question arrived."
        )


class TransitionForm(LengthLimits, forms.Form):
    target = forms.ChoiceField(widget=forms.HiddenInput)
    note = forms.CharField(label="Reason (optional)", max_length=200, required=False)

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t.target, t.label) for t in standalone_moves(state)]


class QueueFilterForm(LengthLimits, forms.Form):
    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("open", "Open (not closed)"), *State.choices, ("all", "All")],
    )
    assigned = forms.ChoiceField(label="Assigned to", required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned"].choices = [
            ("", "Anyone"),
            ("me", "Me"),
            ("nobody", "Nobody yet"),
            *[(str(officer.pk), officer.get_full_name()) for officer in officers],
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"state": "open", "assigned": "", "overdue": False}
        data = self.cleaned_data
        return {
            "state": data.get("state") or "open",
            "assigned": data.get("assigned") or "",
            "overdue": bool(data.get("overdue")),
        }


class FaqEntryForm(LengthLimits, forms.ModelForm):
    publish = forms.BooleanField(
        label="Publish now",
        required=False,
        help_text="Tick to publish it for every member. "
        "Leave it unticked to keep a draft only officers can see.",
    )
    names_checked = forms.BooleanField(
        label="I have checked: the names shown above are not the member's, or are needed",
        required=False,
    )

    class Meta:
        model = FaqEntry
        fields = ["title", "topic", "question_text", "answer_text", "document"]
        labels = {
            "title": "Question, in general terms",
            "question_text": "Background",
            "answer_text": "Answer",
        }
        help_texts = {
            "title": "Written so it fits any member, e.g. “Can I comment online on a planning "
            "application I will decide?”",
            "question_text": "Optional. The situation in general terms, with no names, places or dates "
            "that would identify the member.",
            "answer_text": "The advice, edited for every member. Markdown works: *emphasis*, lists, links.",
        }
        widgets = {
            "question_text": forms.Textarea(attrs={"rows": 4}),
            "answer_text": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, documents, source_question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source_question = source_question
        self.fields["document"].queryset = documents
        self.fields["document"].required = False
        self.fields["document"].empty_label = "None"
        self.fields["document"].help_text = "Optional. A guidance document readers should look at too."
        self.fields["publish"].initial = self.instance.is_published if self.instance.pk else False
        self.names_found: list[str] = []

    def clean(self):
        from .services import names_in_text

        cleaned = super().clean()
        if self.source_question is not None:
            texts = [cleaned.get(name) or "" for name in ("title", "question_text", "answer_text")]
            self.names_found = names_in_text(self.source_question, *texts)
            if self.names_found and not cleaned.get("names_checked"):
                self.add_error(
                    "names_checked",
                    "The text mentions "
                    + ", ".join(f"“{name}”" for name in self.names_found)
                    + ", which is the member who asked. Take it out, or tick this box if it is "
                    "someone else or is needed.",
                )
        return cleaned
