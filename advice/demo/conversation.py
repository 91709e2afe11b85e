"""One demo question, asked, triaged and answered through the advice services, then backdated.

The services stamp "now". After each call, ``_backdate`` moves what that call
stamped back to the moment the demo wants (counted in working days from the
day the question was received), with queryset updates of timestamp fields
only: the state and every other workflow field stay as the services left them.
"""

import datetime

from django.utils import timezone

from advice import services
from advice.models import Question, State, due_date
from portal.workdays import is_working_day, working_days_between

from .questions import MO

# What each kind of step does to the question when an officer replies.
REPLY_OUTCOMES = {"answer": State.ANSWERED, "ask": State.AWAITING_MEMBER, "update": State.IN_PROGRESS}
QUESTION_TIMESTAMPS = (
    "received_at",
    "triaged_at",
    "first_response_at",
    "answered_at",
    "closed_at",
    "last_member_message_at",
    "last_officer_message_at",
    "member_seen_at",
)


def make_question(command, spec, token, people, documents) -> Question:
    """Ask the question as the member, then take its steps as the officers and the member would."""
    now = command.now
    asker = people[spec["asker"]]
    received_day = _working_days_before(command.today, spec["received"])
    received = min(_at(received_day, 9), now - datetime.timedelta(minutes=30))
    since = timezone.now()
    question, _ = services.question_ask(
        asker=asker,
        topic=spec["topic"],
        subject=spec["subject"],
        body=spec["body"],
        token=token,
        document=documents.get(spec.get("document")),
        urgent_requested=bool(spec.get("urgent")),
        urgency_reason=spec.get("urgent", ""),
    )
    services.question_record_view(question=question, viewer=asker)
    since = _backdate(question, since=since, to=received)
    officer = people.get(spec.get("assigned", ""))
    if officer is not None:
        services.question_triage(
            question=question, actor=people.get(MO, officer), priority=spec["priority"], assigned_to=officer
        )
        services.question_record_view(question=question, viewer=officer)
        since = _backdate(question, since=since, to=received + datetime.timedelta(hours=2))
    for hour, (kind, email, days, text) in enumerate(spec["steps"], start=10):
        waiting_since = Question.objects.values_list("waiting_since", flat=True).get(pk=question.pk)
        _take(question, kind, people[email], text)
        at = _after(received, days, hour, now)
        since = _backdate(question, since=since, to=at)
        if waiting_since is not None:
            _restart_clock_on(question, waiting_since=waiting_since, day=timezone.localdate(at))
    if spec["state"] == State.CLOSED:
        services.question_transition(question=question, actor=officer, target=State.CLOSED)
        _backdate(question, since=since, to=_after(received, spec["closed"], 16, now))
    question = Question.objects.get(pk=question.pk)
    if question.state != spec["state"]:
        raise ValueError(f"Demo question {spec['key']} ends {question.state}, not {spec['state']}.")
    return question


def _take(question, kind, author, text) -> None:
    if kind == "note":
        services.question_add_note(question=question, actor=author, body=text)
    elif kind == "reply":
        services.question_reply_as_member(question=question, actor=author, body=text)
    else:
        services.question_reply_as_officer(
            question=question, actor=author, body=text, outcome=REPLY_OUTCOMES[kind]
        )


def _backdate(question, *, since, to) -> datetime.datetime:
    """Move every timestamp the last service call set (at or after ``since``) back to ``to``.

    The due date counts from the received date, so it follows it. Returns the
    moment to pass as ``since`` for the next call.
    """
    for related in (question.events, question.messages, question.internal_notes):
        related.filter(created_at__gte=since).update(created_at=to)
    question.views.filter(viewed_at__gte=since).update(viewed_at=to)
    rows = Question.objects.filter(pk=question.pk)
    for name in QUESTION_TIMESTAMPS:
        rows.filter(**{f"{name}__gte": since}).update(**{name: to})
    # The clock stopped (waiting for the member) on the demo's day, not today.
    rows.filter(waiting_since__gte=timezone.localdate(since)).update(waiting_since=timezone.localdate(to))
    received_at, priority, paused = rows.values_list("received_at", "priority", "paused_working_days").get()
    rows.update(due_on=due_date(received_at, priority, paused))
    return timezone.now()


def _restart_clock_on(question, *, waiting_since: datetime.date, day: datetime.date) -> None:
    """The member's reply restarted the clock on ``day``: count the days waited to then, not to today.

    The service counted from ``waiting_since`` to the real today; the demo's reply happened
    earlier, so the working days spent waiting (and the due date they move) are counted again.
    """
    rows = Question.objects.filter(pk=question.pk, waiting_since__isnull=True)
    before = rows.values_list("paused_working_days", flat=True).first()
    if before is None:
        return  # still waiting: the step did not restart the clock
    counted_to_today = working_days_between(waiting_since, timezone.localdate())
    paused = before - counted_to_today + working_days_between(waiting_since, day)
    received_at, priority = rows.values_list("received_at", "priority").get()
    rows.update(paused_working_days=paused, due_on=due_date(received_at, priority, paused))


def _working_days_before(day: datetime.date, days: int) -> datetime.date:
    while days > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _after(received: datetime.datetime, working_days: int, hour: int, now: datetime.datetime):
    day = received.date()
    while working_days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            working_days -= 1
    return min(_at(day, hour), now)
