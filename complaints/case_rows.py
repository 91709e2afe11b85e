"""The long lists on a case's page (its history and its documents), read and written out in Python.

A case can have hundreds of events and documents. Read as models and rendered through a
template loop they cost far more than the rest of the page (a case with 200 events spent
most of its 100 ms there), so each list is one query for just the columns shown, and each
row is written here with the same filters the template used (``date``, ``linebreaksbr``,
``filesizeformat``), escaping everything that came from a person.
"""

import datetime

from django.template.defaultfilters import date, filesizeformat, linebreaksbr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from complaints.models import CaseDocument, CaseEvent
from complaints.stages import Stage

_KINDS = dict(CaseEvent.Kind.choices)
_STAGES = dict(Stage.choices)
_DOCUMENT_KINDS = {value: label.lower() for value, label in CaseDocument.Kind.choices}


def _stage(value) -> str:
    return _STAGES.get(value, value or "")


def _what(kind, from_status, to_status) -> str:
    if kind == CaseEvent.Kind.TRANSITION:
        return f"{_stage(from_status)} → {_stage(to_status)}"
    return _KINDS.get(kind, kind)


def _day_formatter():
    """``date(value, "j M Y")`` for local times, the month names looked up once: the filter
    itself parses its format for every value, which for hundreds of rows costs milliseconds."""
    months = [""] + [date(datetime.date(2000, month, 1), "M") for month in range(1, 13)]
    return lambda when: f"{when.day} {months[when.month]} {when.year}"


def case_history(complaint) -> tuple[SafeString, list]:
    """The history table's rows, oldest first, and the letters or calls still to make (by post).

    One query. The actor is named as ``AbstractEvent.actor_label`` names them.
    """
    events = CaseEvent.objects.filter(complaint=complaint).values_list(
        "created_at",
        "kind",
        "from_status",
        "to_status",
        "note",
        "actor_id",
        "actor__full_name",
        "actor__email",
    )
    day = _day_formatter()
    rows = []
    by_post = []
    for created_at, kind, from_status, to_status, note, actor_id, full_name, email in events:
        when = localtime(created_at)
        who = "The portal" if actor_id is None else (full_name or email)
        rows.append(
            f'<tr>\n            <td class="text-nowrap">{day(when)}, {when:%H:%M}</td>\n'
            f"            <td>{escape(who)}</td>\n"
            f"            <td>{escape(_what(kind, from_status, to_status))}</td>\n"
            f"            <td>{linebreaksbr(note, autoescape=True)}</td>\n          </tr>"
        )
        if kind == CaseEvent.Kind.BY_POST:
            by_post.append((day(when), note))
    return mark_safe("\n".join(rows)), by_post  # noqa: S308 - every value escaped above


def case_documents(complaint, url_for) -> SafeString:
    """The list of the case's released documents, each linked with ``url_for(pk)``. One query."""
    documents = CaseDocument.objects.filter(complaint=complaint).values_list(
        "pk", "original_name", "kind", "size", "uploaded_at"
    )
    day = _day_formatter()
    return mark_safe(  # noqa: S308 - every value escaped
        "\n".join(
            f'<li><a href="{url_for(pk)}">{escape(name)}</a> <span class="small">'
            f"({escape(_DOCUMENT_KINDS.get(kind, kind))}, {filesizeformat(size)}, "
            f"added {day(localtime(uploaded_at))})</span></li>"
            for pk, name, kind, size, uploaded_at in documents
        )
    )
