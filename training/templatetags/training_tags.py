from django import template
from django.utils import formats, timezone

from training.selectors import document_link

register = template.Library()


@register.filter
def when(session):
    """'Tuesday 1 June 2027, 10:00 to 12:30' in the council's time zone."""
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    text = f"{formats.date_format(start, 'l j F Y')}, {start:%H:%M} to "
    if end.date() != start.date():
        text += f"{formats.date_format(end, 'l j F Y')}, "
    return text + f"{end:%H:%M}"


@register.filter
def short_when(session):
    """'1 Jun 2027, 10:00'."""
    start = timezone.localtime(session.starts_at)
    return f"{formats.date_format(start, 'j M Y')}, {start:%H:%M}"


@register.filter
def guidance_url(document):
    return document_link(document)


@register.filter
def field_id(bound_field):
    return bound_field.auto_id
