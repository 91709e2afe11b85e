"""``{{ form|blank_crispy }}``: ``{{ form|crispy }}``, with an unbound form's HTML rendered once
(and ``{{ form.field|blank_crispy_field }}``, the same for ``as_crispy_field``).

A crispy field costs most of a millisecond to render, and a question's officer page shows
three forms. An unbound (blank) form's HTML is a function of its class, its ids and each
field's initial value and choices alone, so it is kept in this process under exactly those,
and reused. Nothing else goes in: a blank form holds nothing anyone wrote, and the choices
it offers (the officers, the moves the question's state allows) are part of the key. A bound
form, with what the person typed and the errors, is always rendered afresh.

The one-time ``token`` field (forms.TokenMixin) differs on every render: the HTML is kept
with a placeholder in its place, and each use puts the form's own token in.
"""

import uuid
from collections import OrderedDict

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms, template
from django.utils.safestring import mark_safe

register = template.Library()

_PLACEHOLDER = str(uuid.UUID(int=0))
_KEPT = 64  # shapes kept: a few forms times the states and triage settings a question can be in
_blank_forms: OrderedDict = OrderedDict()


def _shape(form) -> tuple:
    """Everything the HTML of the unbound ``form`` depends on, but its token."""
    fields = []
    for name, field in form.fields.items():
        if name == "token":
            continue
        choices = ()
        if isinstance(field, forms.ChoiceField):
            # A model field's choices come from a query: read them once, render from the list.
            # (A generator: tuple() of the iterator itself would ask its length, a COUNT query.)
            field.choices = listed = tuple(choice for choice in field.choices)
            choices = tuple((str(value), str(label)) for value, label in listed)
        fields.append((name, repr(form.get_initial_for_field(field, name)), choices))
    return (type(form), form.auto_id, form.prefix, tuple(fields))


def _keep(key, html):
    _blank_forms[key] = html
    if len(_blank_forms) > _KEPT:
        _blank_forms.popitem(last=False)


@register.filter
def blank_crispy_field(bound_field):
    """``{{ form.field|as_crispy_field }}``, kept like ``blank_crispy`` (unbound forms without a token)."""
    form = bound_field.form
    if form.is_bound or "token" in form.fields:
        return as_crispy_field(bound_field)
    key = (_shape(form), bound_field.name)
    html = _blank_forms.get(key)
    if html is None:
        html = str(as_crispy_field(form[bound_field.name]))
        _keep(key, html)
    return mark_safe(html)  # noqa: S308 - crispy's own output


@register.filter
def blank_crispy(form):
    if form.is_bound:
        return as_crispy_form(form)
    key = _shape(form)
    html = _blank_forms.get(key)
    if html is None:
        token = form.initial.get("token")
        if token is not None:
            form.initial["token"] = _PLACEHOLDER
        html = str(as_crispy_form(form))
        if token is not None:
            form.initial["token"] = token
            form._bound_fields_cache.clear()  # they hold the placeholder
        _keep(key, html)
    token = form.initial.get("token")
    if token is not None:
        html = html.replace(_PLACEHOLDER, str(token))
    return mark_safe(html)  # noqa: S308 - crispy's own output
