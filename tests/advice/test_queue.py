"""The officers' queue: order, filters, pagination, due dates in working days and the overdue flag."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from advice import services
from advice.models import Priority, Question, State, due_date


def on(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def subjects_in(page):
    return [html.unescape(s) for s in re.findall(r'<a href="/ask/queue/\d+/">([^<]+)</a>', page)]


# --- Due dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "priority", "due"),
    [
        # Friday, urgent (2 working days): the weekend does not count, so Tuesday.
        (datetime.date(2025, 3, 7), Priority.URGENT, datetime.date(2025, 3, 11)),
        # Thursday before Good Friday and Easter Monday 2025, urgent: Tuesday then Wednesday.
        (datetime.date(2025, 4, 17), Priority.URGENT, datetime.date(2025, 4, 23)),
        # Friday before the late May bank holiday 2025 (26 May), normal (5 days): Monday 2 June.
        (datetime.date(2025, 5, 23), Priority.NORMAL, datetime.date(2025, 6, 2)),
        # Christmas Eve 2025, normal: Christmas, Boxing Day and the weekend are skipped.
        (datetime.date(2025, 12, 24), Priority.NORMAL, datetime.date(2026, 1, 5)),
        # Received on a Saturday, low (10 days): counting starts on Monday.
        (datetime.date(2025, 3, 8), Priority.LOW, datetime.date(2025, 3, 21)),
    ],
)
def test_it_counts_the_due_date_in_working_days(received, priority, due):
    assert due_date(on(received), priority) == due


def test_it_reads_the_targets_from_settings(settings):
    settings.ADVICE_TARGET_WORKING_DAYS = {"urgent": 1, "normal": 3, "low": 20}
    assert due_date(on(datetime.date(2025, 3, 7)), Priority.URGENT) == datetime.date(2025, 3, 10)
    assert due_date(on(datetime.date(2025, 3, 7)), Priority.NORMAL) == datetime.date(2025, 3, 12)


def test_it_counts_late_evening_questions_on_their_london_date(ask, councillor, received_at):
    # 23:30 on Friday 7 March in London is still Friday; the due date counts from Friday.
    late = timezone.make_aware(datetime.datetime(2025, 3, 7, 23, 30))
    question = received_at(ask(councillor), late)
    assert question.due_on == datetime.date(2025, 3, 14)


# --- Overdue --------------------------------------------------------------------------


@pytest.fixture
def late_question(ask, councillor, received_at):
    """A normal question received ten working days ago: past its due date."""
    from portal.workdays import add_working_days

    today = timezone.localdate()
    received = today - datetime.timedelta(days=21)
    question = received_at(ask(councillor, subject="Late question"), received)
    assert question.due_on < today
    assert add_working_days(received, 5) == question.due_on
    return question


def test_it_flags_a_question_past_its_due_date(late_question):
    assert late_question.is_overdue
    assert list(Question.objects.overdue()) == [late_question]


@pytest.mark.parametrize(
    ("state", "overdue"),
    [
        (State.NEW, True),
        (State.IN_PROGRESS, True),
        (State.AWAITING_MEMBER, False),
        (State.ANSWERED, False),
        (State.CLOSED, False),
    ],
)
def test_it_flags_overdue_only_while_the_officers_owe_a_reply(late_question, state, overdue):
    Question.objects.filter(pk=late_question.pk).update(state=state)
    late_question.refresh_from_db()
    assert late_question.is_overdue is overdue
    assert Question.objects.overdue().exists() is overdue


def test_it_does_not_flag_a_question_due_today(ask, councillor):
    question = ask(councillor)
    Question.objects.filter(pk=question.pk).update(due_on=timezone.localdate())
    question.refresh_from_db()
    assert not question.is_overdue


def test_it_shows_overdue_questions_in_the_queue(
    client_for, late_question, ask, councillor, monitoring_officer
):
    ask(councillor, subject="On time")
    page = client_for(monitoring_officer).get("/ask/queue/?overdue=on").content.decode()
    assert subjects_in(page) == ["Late question"]
    assert "Overdue" in page


# --- Order, filters, pagination --------------------------------------------------------


def test_it_lists_new_questions_first_then_by_due_date(
    client_for, ask, councillor, coopted_member, monitoring_officer, received_at
):
    today = timezone.localdate()
    old_in_progress = received_at(
        ask(councillor, subject="Old, in progress"), today - datetime.timedelta(days=20)
    )
    services.question_triage(question=old_in_progress, actor=monitoring_officer, priority=Priority.NORMAL)
    soon_in_progress = ask(
        coopted_member, subject="Urgent, in progress", urgent_requested=True, urgency_reason="Tomorrow"
    )
    services.question_triage(question=soon_in_progress, actor=monitoring_officer, priority=Priority.URGENT)
    later_new = ask(councillor, subject="New, low")
    Question.objects.filter(pk=later_new.pk).update(
        priority=Priority.LOW, due_on=due_date(later_new.received_at, "low")
    )
    ask(councillor, subject="New, normal")
    page = client_for(monitoring_officer).get("/ask/queue/").content.decode()
    assert subjects_in(page) == ["New, normal", "New, low", "Old, in progress", "Urgent, in progress"]


def test_it_leaves_closed_questions_out_unless_asked(client_for, ask, councillor, monitoring_officer):
    closed = ask(councillor, subject="Closed one")
    services.question_transition(question=closed, actor=monitoring_officer, target=State.CLOSED)
    ask(councillor, subject="Open one")
    client = client_for(monitoring_officer)
    assert subjects_in(client.get("/ask/queue/").content.decode()) == ["Open one"]
    assert subjects_in(client.get("/ask/queue/?state=closed").content.decode()) == ["Closed one"]
    assert sorted(subjects_in(client.get("/ask/queue/?state=all").content.decode())) == [
        "Closed one",
        "Open one",
    ]


def test_it_filters_by_who_is_assigned(
    client_for, ask, councillor, monitoring_officer, deputy_monitoring_officer
):
    mine = ask(councillor, subject="Mine")
    theirs = ask(councillor, subject="Deputy's")
    ask(councillor, subject="Nobody's")
    services.question_triage(
        question=mine, actor=monitoring_officer, priority="normal", assigned_to=monitoring_officer
    )
    services.question_triage(
        question=theirs, actor=monitoring_officer, priority="normal", assigned_to=deputy_monitoring_officer
    )
    client = client_for(monitoring_officer)
    assert subjects_in(client.get("/ask/queue/?assigned=me").content.decode()) == ["Mine"]
    assert subjects_in(
        client.get(f"/ask/queue/?assigned={deputy_monitoring_officer.pk}").content.decode()
    ) == ["Deputy's"]
    assert subjects_in(client.get("/ask/queue/?assigned=nobody").content.decode()) == ["Nobody's"]


def test_it_filters_by_state(client_for, ask, councillor, monitoring_officer):
    waiting = ask(councillor, subject="Waiting")
    services.question_reply_as_officer(
        question=waiting, actor=monitoring_officer, body="Which?", outcome="awaiting_member"
    )
    ask(councillor, subject="Fresh")
    page = client_for(monitoring_officer).get("/ask/queue/?state=awaiting_member").content.decode()
    assert subjects_in(page) == ["Waiting"]
    assert "Waiting for the member" in page


def test_it_ignores_a_filter_it_does_not_understand(client_for, ask, councillor, monitoring_officer):
    ask(councillor, subject="Still listed")
    response = client_for(monitoring_officer).get("/ask/queue/?state=nonsense&assigned=<script>")
    assert response.status_code == 200
    assert subjects_in(response.content.decode()) == ["Still listed"]


def test_it_pages_the_queue(client_for, ask, councillor, monitoring_officer):
    for n in range(27):
        ask(councillor, subject=f"Question {n:02d}")
    client = client_for(monitoring_officer)
    first = client.get("/ask/queue/").content.decode()
    second = client.get("/ask/queue/?page=2").content.decode()
    assert len(subjects_in(first)) == 25
    assert len(subjects_in(second)) == 2
    assert "Page 2 of 2" in second
    assert "27 questions" in first


def test_it_keeps_the_filters_when_paging(client_for, ask, councillor, monitoring_officer):
    for n in range(26):
        ask(councillor, subject=f"Question {n:02d}")
    page = client_for(monitoring_officer).get("/ask/queue/?state=new").content.decode()
    assert 'href="?state=new&amp;page=2"' in page


def test_it_says_when_the_member_asked_for_urgency_but_the_priority_is_lower(
    client_for, ask, councillor, monitoring_officer
):
    question = ask(councillor, urgent_requested=True, urgency_reason="Meeting tonight")
    services.question_triage(question=question, actor=monitoring_officer, priority=Priority.NORMAL)
    page = client_for(monitoring_officer).get("/ask/queue/").content.decode()
    assert "Member asked for urgent" in page


# --- Indexes: the queue's page and the dashboard's counts come from an index -----------


def _plan(queryset_sql):
    from django.db import connection

    sql, params = queryset_sql
    with connection.cursor() as cursor:
        # With a handful of rows a sequential scan is always cheapest; forbid it to see
        # whether an index can give the answer at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_open_queue_is_read_in_order_from_its_index(ask, councillor, monitoring_officer):
    from advice.selectors import queue

    for n in range(3):
        ask(councillor, subject=f"Question {n}")
    plan = _plan(queue(officer=monitoring_officer)[:25].query.sql_with_params())
    assert "advice_q_open_queue" in plan
    assert "Sort" not in plan  # the index's order is the queue's order


def test_the_officers_counts_are_read_from_their_index(ask, councillor, monitoring_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from advice.selectors import officer_panel

    ask(councillor, subject="Counted")
    with CaptureQueriesContext(connection) as captured:
        assert officer_panel(monitoring_officer).open == 1
    (query,) = captured.captured_queries
    plan = _plan((query["sql"], None))
    # An index-only scan once the table has been vacuumed; a test's new rows are not yet.
    assert "advice_q_open_counts" in plan
