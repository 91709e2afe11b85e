"""Give a demo case the dates it would really have had.

The services stamp every row "now". Once a case has been made, ``backdate``
spreads its events over the weeks between ``received_days_ago`` and
``last_days_ago`` and moves every timestamp that follows from them (and the
due dates counted from them) with queryset updates of those fields only: the
stage, the clock and every other workflow field stay as the services left
them. The decision notices' text says the date of the decision, so it is
rendered again for the date the decision now has.
"""

import datetime

from django.utils import timezone

from complaints import deadlines, notices
from complaints.models import CaseEvent, Complaint, DecisionNotice, SubjectNotice
from complaints.stages import DECISIONS, HEARING_OUTCOMES, Stage


def _moment(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def backdate(complaint: Complaint, case, *, today: datetime.date) -> None:
    """Move the case's timestamps back to the dates in ``case`` (see the module docstring)."""
    start = _moment(today - datetime.timedelta(days=case.received_days_ago), 9, 40)
    end = _moment(today - datetime.timedelta(days=case.last_days_ago), 15, 10)
    events = list(complaint.events.order_by("created_at", "pk"))
    step = (end - start) / max(len(events) - 1, 1)
    for number, event in enumerate(events):
        event.created_at = start + step * number
        CaseEvent.objects.filter(pk=event.pk).update(created_at=event.created_at)
    first, last = {}, {}
    for event in events:
        key = event.to_status if event.kind == CaseEvent.Kind.TRANSITION else event.kind
        first.setdefault(key, event.created_at)
        last[key] = event.created_at
    decisions = [e for e in events if e.kind == CaseEvent.Kind.TRANSITION and e.to_status in DECISIONS]
    _backdate_complaint(complaint, start=start, first=first, last=last, decisions=decisions)
    _backdate_rows(complaint, start=start, first=first, events=events)
    _redate_decision_notices(complaint, decisions)


def _backdate_complaint(complaint, *, start, first, last, decisions) -> None:
    assessed = [e for e in decisions if e.from_status in (Stage.INITIAL_ASSESSMENT, Stage.REVIEW)]
    dates = {
        "submitted_at": start - datetime.timedelta(hours=2),
        "received_at": start,
        "acknowledged_at": first.get(Stage.ACKNOWLEDGED),
        "confidentiality_decided_at": first.get(CaseEvent.Kind.CONFIDENTIALITY),
        "decided_at": decisions[-1].created_at if decisions else None,
        "assessment_decided_at": assessed[0].created_at if assessed else None,
        "closed_at": first.get(Stage.CLOSED),
    }
    if complaint.paused_since:
        dates["paused_since"] = last[CaseEvent.Kind.PAUSED].date()
    # The due dates count from the new received date; the clock itself is the stage's, unchanged.
    received = timezone.localdate(start)
    complaint.received_at = start
    complaint.acknowledgement_due_on = deadlines.due_date(received, deadlines.ACKNOWLEDGEMENT)
    if dates["acknowledged_at"]:
        complaint.assessment_due_on = deadlines.due_date(received, deadlines.INITIAL_ASSESSMENT)
    deadlines.apply_clock(complaint)
    for name in ("due_on", "acknowledgement_due_on", "assessment_due_on"):
        dates[name] = getattr(complaint, name)
    Complaint.objects.filter(pk=complaint.pk).update(**dates)
    for name, value in dates.items():
        setattr(complaint, name, value)


def _backdate_rows(complaint, *, start, first, events) -> None:
    for notice in complaint.subject_notices.all():
        sent_at = first[CaseEvent.Kind.NOTICE_SENT]
        SubjectNotice.objects.filter(pk=notice.pk).update(
            sent_at=sent_at,
            respond_by=deadlines.response_due(sent_at),
            responded_at=first.get(CaseEvent.Kind.RESPONSE),
        )
    complaint.ip_assignments.update(assigned_at=first.get(CaseEvent.Kind.IP_ASSIGNED, start))
    # Each view keeps its own day, so a notice never cites a consultation after its decision.
    moments = [event.created_at for event in events if event.kind == CaseEvent.Kind.IP_VIEW]
    for view, moment in zip(complaint.ip_views.order_by("recorded_at", "pk"), moments, strict=False):
        type(view).objects.filter(pk=view.pk).update(
            recorded_at=moment, consulted_on=timezone.localdate(moment)
        )
    complaint.documents.update(uploaded_at=start)
    complaint.sanctions.update(created_at=complaint.decided_at or timezone.now())


def _redate_decision_notices(complaint, decisions) -> None:
    """Each decision notice is dated, and says it was decided, on the day its decision now has."""
    ip_views = list(complaint.ip_views.all())
    sanctions = list(complaint.sanctions.all())
    for notice in complaint.decision_notices.all():
        event = next(e for e in reversed(decisions) if e.to_status == notice.decision)
        kwargs = {
            "decision": notice.decision,
            "reasons": event.note,
            "sanctions": sanctions if notice.decision == Stage.BREACH else (),
            "ip_views": ip_views,
            "decided_on": timezone.localdate(event.created_at),
            "decided_by": notice.created_by,
        }
        published_at = notice.published_at
        if published_at and notice.decision in HEARING_OUTCOMES:
            published_at = event.created_at + datetime.timedelta(days=2)
        DecisionNotice.objects.filter(pk=notice.pk).update(
            text=notices.render_decision(complaint, **kwargs),
            public_text=notices.render_decision(complaint, for_public=True, **kwargs),
            created_at=event.created_at,
            published_at=published_at,
        )
