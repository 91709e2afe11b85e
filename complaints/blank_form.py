"""The blank public complaint form's fields, rendered once per process and day.

Its thirty-odd crispy fields cost about 15 ms to render and are the same for every
visitor who is signed out, apart from two values: the CSRF token and the form's own
``form_token`` (a new UUID each time, so a double submit is recognised). They are
rendered once with a stand-in for each and the stand-ins are replaced per request, which
gives exactly the text the template gives (``tests/complaints/test_blank_form.py``).

Only the blank form of someone signed out is kept: a signed-in person's form has their
name and address in it, and a form sent back with errors holds what was typed.
"""

import secrets
import uuid

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

FIELDS_TEMPLATE = "complaints/public/_form_fields.html"

# Stand-ins that cannot occur in the form's own text (fresh for each process).
_CSRF_STAND_IN = secrets.token_hex(32)
_TOKEN_STAND_IN = uuid.uuid4()

# (language, day) -> the fields with stand-ins. A day, in case a field ever shows the date.
_rendered: dict[tuple, str] = {}


def render_fields(context: dict) -> SafeString:
    """The fields as the template renders them, for ``context`` (with ``form`` and ``csrf_token``)."""
    return render_to_string(FIELDS_TEMPLATE, context)


def blank_fields(*, csrf_token: str, form_token: uuid.UUID, context: dict) -> SafeString:
    """The blank form's fields for one signed-out visitor, with this request's ``csrf_token``
    and ``form_token``; ``context`` is the rest of the page's (the hints)."""
    key = (translation.get_language(), timezone.localdate())
    html = _rendered.get(key)
    if html is None:
        from complaints.forms import ComplaintForm

        form = ComplaintForm(initial={"form_token": _TOKEN_STAND_IN})
        html = render_fields({**context, "form": form, "signed_in": False, "csrf_token": _CSRF_STAND_IN})
        _rendered.clear()  # only today's is ever wanted
        _rendered[key] = html
    # Both values are made here (a UUID, Django's token of letters and digits): nothing to escape.
    return mark_safe(  # noqa: S308
        html.replace(_CSRF_STAND_IN, csrf_token).replace(str(_TOKEN_STAND_IN), str(form_token))
    )
