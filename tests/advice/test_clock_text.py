"""The question pages say plainly when the clock is stopped, and show where the due date moved (issue 14)."""

import datetime

from django.utils import dateformat, timezone

from advice import services
from advice.models import Question, State, due_date
from portal.workdays import working_days_between
from tests.kit import text_of


def _ask_for_more(question, officer, *, days_ago=14):
    services.question_reply_as_officer(
        question=question, actor=officer, body="Which meeting?", outcome=State.AWAITING_MEMBER
    )
    started = timezone.localdate() - datetime.timedelta(days=days_ago)
    Question.objects.filter(pk=question.pk).update(waiting_since=started)
    question.refresh_from_db()
    return started


def _long(day):
    return dateformat.format(day, "l j F Y")


def test_the_member_reads_that_the_clock_is_stopped_and_where_the_date_would_move(
    client_for, question, councillor, monitoring_officer
):
    started = _ask_for_more(question, monitoring_officer)
    waited = working_days_between(started, timezone.localdate())
    moved = due_date(question.received_at, question.priority, waited)
    text = text_of(client_for(councillor).get(f"/ask/questions/{question.pk}/").content)
    assert "The clock for our answer is stopped until you reply." in text
    assert (
        f"Stopped since {dateformat.format(started, 'l j F')}, while the question waits for your reply"
        in text
    )
    assert f"if you reply today, we aim to reply by {_long(moved)}" in text
    assert moved > question.due_on


def test_the_member_sees_the_moved_date_once_they_reply(client_for, question, councillor, monitoring_officer):
    started = _ask_for_more(question, monitoring_officer)
    waited = working_days_between(started, timezone.localdate())
    services.question_reply_as_member(question=question, actor=councillor, body="Planning, on Tuesday.")
    question.refresh_from_db()
    text = text_of(client_for(councillor).get(f"/ask/questions/{question.pk}/").content)
    assert f"We aim to reply by {_long(question.due_on)}" in text
    assert f"Moved on by {waited} working days, the time the question waited for your reply." in text
    assert "Stopped since" not in text


def test_the_officer_sees_the_stopped_clock_and_the_date_it_would_move_to(
    client_for, question, monitoring_officer
):
    started = _ask_for_more(question, monitoring_officer)
    waited = working_days_between(started, timezone.localdate())
    text = text_of(client_for(monitoring_officer).get(f"/ask/queue/{question.pk}/").content)
    assert f"Clock stopped since {dateformat.format(started, 'l j F')}, waiting for the member." in text
    assert f"Was due {_long(question.due_on)}" in text
    assert (
        f"a reply today would move it to {_long(due_date(question.received_at, question.priority, waited))}"
        in text
    )
