import functools

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from training.selectors import document_link

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _day(day, format_string, language):
    """A date in words; remembered, since a record or a register writes the same few dates often."""
    return formats.date_format(day, format_string)


@register.filter
def when(session):
    """'Tuesday 1 June 2027, 10:00 to 12:30' in the council's time zone."""
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    language = get_language()
    text = f"{_day(start.date(), 'l j F Y', language)}, {start:%H:%M} to "
    if end.date() != start.date():
        text += f"{_day(end.date(), 'l j F Y', language)}, "
    return text + f"{end:%H:%M}"


@register.filter
def short_when(session):
    """'1 Jun 2027, 10:00'."""
    start = timezone.localtime(session.starts_at)
    return f"{_day(start.date(), 'j M Y', get_language())}, {start:%H:%M}"


@register.filter
def guidance_url(document):
    return document_link(document)


@register.filter
def field_id(bound_field):
    return bound_field.auto_id


@register.filter
def radio_input(radio):
    """A radio button's ``<input>`` exactly as Django's widget templates write it, without them.

    The register has three radios a person; rendering each through input.html and attrs.html was
    most of the page's time (30 ms of CPU for 40 people).
    """
    data = radio.data
    html = format_html('<input type="{}" name="{}"', data["type"], data["name"])
    if data["value"] is not None:
        html = format_html('{} value="{}"', html, data["value"])
    for name, value in data["attrs"].items():
        if value is True:
            html = format_html("{} {}", html, name)
        elif value is not False:
            html = format_html('{} {}="{}"', html, name, value)
    return format_html("{}>", html)
