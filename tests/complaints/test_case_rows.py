"""A case's history and documents, written in Python, read exactly as the template wrote them."""

import datetime

from django.template import Context, Template
from django.utils import timezone

from complaints import case_rows
from complaints.models import CaseDocument, CaseEvent
from complaints.stages import Stage
from complaints.views.cases import url_for_each

# The template loops the rows replaced (templates/complaints/cases/detail.html before issue 15).
HISTORY = Template(
    "{% load complaints_tags %}{% for event in events %}"
    '<tr>\n            <td class="text-nowrap">{{ event.created_at|date:"j M Y, H:i" }}</td>\n'
    "            <td>{{ event.actor_label }}</td>\n"
    '            <td>{% if event.kind == "transition" %}{{ event.from_status|stage_label }} → '
    "{{ event.to_status|stage_label }}{% else %}{{ event.get_kind_display }}{% endif %}</td>\n"
    "            <td>{{ event.note|linebreaksbr }}</td>\n          </tr>"
    "{% if not forloop.last %}\n{% endif %}{% endfor %}"
)
DOCUMENTS = Template(
    "{% for document in documents %}"
    '<li><a href="{{ document.url }}">{{ document.original_name }}</a> <span class="small">'
    "({{ document.get_kind_display|lower }}, {{ document.size|filesizeformat }}, "
    'added {{ document.uploaded_at|date:"j M Y" }})'
    "</span></li>{% if not forloop.last %}\n{% endif %}{% endfor %}"
)


def test_it_writes_the_history_as_the_template_did(make_complaint, monitoring_officer, other_councillor):
    complaint = make_complaint()
    other_councillor.full_name = ""
    other_councillor.save()
    # Across midnight and a clock change, so the local time is what is shown.
    start = datetime.datetime(2026, 3, 28, 23, 59, tzinfo=datetime.UTC)
    for n, (actor, kind, note) in enumerate(
        [
            (monitoring_officer, CaseEvent.Kind.TRANSITION, "Moved <b>on</b>\nsecond line\r\nthird"),
            (None, CaseEvent.Kind.BY_POST, "Write to 1 High St & tell them"),
            (other_councillor, CaseEvent.Kind.PAUSED, ""),
            (monitoring_officer, CaseEvent.Kind.TRANSITION, "'quoted' \"double\""),
        ]
    ):
        moved = kind == CaseEvent.Kind.TRANSITION
        CaseEvent.objects.create(
            complaint=complaint,
            actor=actor,
            kind=kind,
            note=note,
            from_status=Stage.RECEIVED if moved else "",
            to_status="not-a-stage" if n == 3 else (Stage.INVESTIGATION if moved else ""),
            created_at=start + datetime.timedelta(hours=n * 5, minutes=n),
        )
    events = CaseEvent.objects.filter(complaint=complaint).select_related("actor")

    rows, by_post = case_rows.case_history(complaint)

    assert rows == HISTORY.render(Context({"events": events}))
    assert by_post == [("29 Mar 2026", "Write to 1 High St & tell them")]
    assert "Moved &lt;b&gt;on&lt;/b&gt;<br>second line<br>third" in rows


def test_it_writes_the_documents_as_the_template_did(make_complaint):
    complaint = make_complaint()
    for n, (name, size) in enumerate([("a<b>.pdf", 10), ("report & notes.docx", 2_500_000), ("x.png", 0)]):
        CaseDocument.objects.create(
            complaint=complaint,
            file=f"complaints/x{n}.pdf",
            original_name=name,
            size=size,
            kind=[CaseDocument.Kind.EVIDENCE, CaseDocument.Kind.REPORT, CaseDocument.Kind.OTHER][n],
            uploaded_at=timezone.now() - datetime.timedelta(days=n * 40),
        )
    CaseDocument.objects.create(
        complaint=complaint, file="complaints/q.pdf", original_name="held.pdf", quarantined=True
    )
    url_for = url_for_each("complaints:case_document", complaint.pk)
    documents = list(CaseDocument.objects.filter(complaint=complaint))
    for document in documents:
        document.url = url_for(document.pk)

    html = case_rows.case_documents(complaint, url_for)

    assert html == DOCUMENTS.render(Context({"documents": documents}))
    assert "held.pdf" not in html
