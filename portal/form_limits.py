"""Every text a person types has a length limit, and saying so names the field.

Model fields carry ``max_length`` (tests/portal/test_length_limits.py walks them
all); ModelForms inherit it and hand-written form fields repeat it. Django's
own message ("Ensure this value has at most 500 characters") does not say which
box on a long form is too long, so forms mix in ``LengthLimits`` to say
"Keep your address under 500 characters (it has 200,000)."
"""

import copy

from django import forms
from django.core.validators import MaxLengthValidator


def length_message(label: str, limit: int) -> str:
    words = str(label or "this answer").replace("(optional)", "").strip().rstrip(":?")
    words = words[:1].lower() + words[1:]
    if not words.startswith(("your ", "the ", "this ", "a ", "an ")):
        words = f"the {words}"
    words = words.replace("%", "%%")
    return f"Keep {words} under {limit:,} characters (it has %(show_value)s)."


class LengthLimits:
    """Form mixin: every field with a ``max_length`` gets a message that names it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            limit = getattr(field, "max_length", None)
            if limit and "max_length" not in field.error_messages:
                label = field.label or name.replace("_", " ")
                field.error_messages["max_length"] = length_message(label, limit)


def limit_fields(form_class, **limits: int) -> None:
    """Give fields declared by a library's form (allauth's passwords) a limit, in this class only."""
    for name, limit in limits.items():
        field = copy.deepcopy(form_class.base_fields[name])
        field.max_length = limit
        field.validators = [*field.validators, MaxLengthValidator(limit)]
        form_class.base_fields[name] = field


def takes_free_text(field) -> bool:
    # A UUID field refuses anything that is not a UUID, whatever its length.
    return (
        isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField) and not field.disabled
    )


def text_fields_without_limit(form_class) -> list[str]:
    """The names of fields that take free text but have no max_length."""
    return [
        name
        for name, field in form_class.base_fields.items()
        if takes_free_text(field) and field.max_length is None
    ]
