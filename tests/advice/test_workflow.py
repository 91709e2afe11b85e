"""Triage, the conversation and the question's states: allowed moves, refused moves, and the trail."""

import uuid

import pytest

from advice import services
from advice.models import (
    InternalNote,
    Message,
    Priority,
    Question,
    QuestionEvent,
    State,
    due_date,
)
from advice.workflow import QUESTION_WORKFLOW, reply_outcomes
from portal.errors import DomainError
from portal.workflow import TransitionRefused
from tests.advice.conftest import pdf_file


def events(question):
    return list(
        QuestionEvent.objects.filter(question=question).values_list(
            "from_status", "to_status", "actor__email"
        )
    )


def set_state(question, state):
    Question.objects.filter(pk=question.pk).update(state=state)
    question.refresh_from_db()
    return question


# --- Triage -----------------------------------------------------------------------


def test_it_triages_a_new_question(question, monitoring_officer, deputy_monitoring_officer):
    changed = services.question_triage(
        question=question,
        actor=monitoring_officer,
        priority=Priority.URGENT,
        assigned_to=deputy_monitoring_officer,
    )
    question.refresh_from_db()
    assert changed is True
    assert question.state == State.IN_PROGRESS
    assert question.priority == Priority.URGENT
    assert question.assigned_to == deputy_monitoring_officer
    assert question.due_on == due_date(question.received_at, Priority.URGENT)
    assert question.triaged_at is not None
    event = QuestionEvent.objects.filter(question=question).last()
    assert (event.actor, event.from_status, event.to_status) == (
        monitoring_officer,
        State.NEW,
        State.IN_PROGRESS,
    )
    assert "priority urgent" in event.note
    assert "assigned to Ian Marr" in event.note


def test_it_moves_the_due_date_when_the_priority_changes(question, monitoring_officer):
    services.question_triage(question=question, actor=monitoring_officer, priority=Priority.NORMAL)
    services.question_triage(question=question, actor=monitoring_officer, priority=Priority.LOW)
    question.refresh_from_db()
    assert question.due_on == due_date(question.received_at, Priority.LOW)
    assert QuestionEvent.objects.filter(question=question).last().note.startswith("Changed: priority low")


def test_it_records_nothing_when_triage_changes_nothing(question, monitoring_officer):
    services.question_triage(question=question, actor=monitoring_officer, priority=Priority.NORMAL)
    before = QuestionEvent.objects.count()
    assert (
        services.question_triage(question=question, actor=monitoring_officer, priority=Priority.NORMAL)
        is False
    )
    assert QuestionEvent.objects.count() == before


def test_it_only_assigns_questions_to_officers(question, monitoring_officer, member_support):
    with pytest.raises(DomainError, match="cannot answer"):
        services.question_triage(
            question=question, actor=monitoring_officer, priority=Priority.NORMAL, assigned_to=member_support
        )
    question.refresh_from_db()
    assert question.assigned_to is None


def test_it_refuses_triage_from_anyone_but_an_officer(question, member_support, councillor):
    for person in (member_support, councillor):
        with pytest.raises(DomainError):
            services.question_triage(question=question, actor=person, priority=Priority.URGENT)
    question.refresh_from_db()
    assert question.state == State.NEW


def test_it_emails_the_officer_a_question_is_assigned_to(
    question, monitoring_officer, deputy_monitoring_officer, emails
):
    with emails() as sent:
        services.question_triage(
            question=question,
            actor=monitoring_officer,
            priority=Priority.NORMAL,
            assigned_to=deputy_monitoring_officer,
        )
    assert [message.to for message in sent] == [["deputy.mo@example.org"]]
    assert question.body not in sent[0].body


def test_it_triages_through_the_page(client_for, question, monitoring_officer, deputy_monitoring_officer):
    client = client_for(monitoring_officer)
    response = client.post(
        f"/ask/queue/{question.pk}/triage/", {"priority": "low", "assigned_to": deputy_monitoring_officer.pk}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.priority, question.assigned_to, question.state) == (
        "low",
        deputy_monitoring_officer,
        "in_progress",
    )
    page = client.get(f"/ask/queue/{question.pk}/").content.decode()
    assert "Triage saved." in page
    assert "assigned to Ian Marr" in page


def test_it_reshows_the_triage_form_when_it_is_wrong(client_for, question, monitoring_officer):
    response = client_for(monitoring_officer).post(
        f"/ask/queue/{question.pk}/triage/", {"priority": "whenever"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    question.refresh_from_db()
    assert question.state == State.NEW


# --- The workflow table -------------------------------------------------------------

ALL_STATES = list(State.values)


@pytest.mark.parametrize("source", ALL_STATES)
@pytest.mark.parametrize("target", [State.IN_PROGRESS, State.CLOSED])
def test_it_allows_exactly_the_standalone_moves_in_the_table(question, monitoring_officer, source, target):
    set_state(question, source)
    if QUESTION_WORKFLOW.allows(source, target):
        services.question_transition(
            question=question, actor=monitoring_officer, target=target, note="Because"
        )
        question.refresh_from_db()
        assert question.state == target
        assert events(question)[-1] == (source, target, "mo@example.org")
    else:
        with pytest.raises(TransitionRefused):
            services.question_transition(question=question, actor=monitoring_officer, target=target)
        question.refresh_from_db()
        assert question.state == source
        assert len(events(question)) == 1  # only "asked"


def test_it_refuses_to_answer_by_a_button_without_a_reply(question, monitoring_officer):
    with pytest.raises(DomainError, match="by sending a reply"):
        services.question_transition(question=question, actor=monitoring_officer, target=State.ANSWERED)


def test_it_offers_no_reply_on_a_closed_question(question):
    assert reply_outcomes(State.CLOSED) == []
    assert [target for target, _ in reply_outcomes(State.NEW)] == [
        State.IN_PROGRESS,
        State.AWAITING_MEMBER,
        State.ANSWERED,
    ]
    # From an answered question a reply is a follow-up answer or reopens it; waiting makes no sense.
    assert [target for target, _ in reply_outcomes(State.ANSWERED)] == [State.IN_PROGRESS, State.ANSWERED]


def test_it_closes_and_reopens_through_the_page_and_says_why(client_for, question, monitoring_officer):
    client = client_for(monitoring_officer)
    client.post(f"/ask/queue/{question.pk}/state/", {"target": "closed", "note": "Duplicate of Q00001"})
    question.refresh_from_db()
    assert question.state == State.CLOSED
    assert question.closed_at is not None
    client.post(f"/ask/queue/{question.pk}/state/", {"target": "in_progress"})
    question.refresh_from_db()
    assert question.state == State.IN_PROGRESS
    assert question.closed_at is None
    assert [(f, t) for f, t, _ in events(question)] == [
        ("", State.NEW),
        (State.NEW, State.CLOSED),
        (State.CLOSED, State.IN_PROGRESS),
    ]
    page = client.get(f"/ask/queue/{question.pk}/").content.decode()
    assert "Duplicate of Q00001" in page


def test_it_refuses_a_move_the_page_does_not_offer(client_for, question, monitoring_officer):
    client = client_for(monitoring_officer)
    response = client.post(f"/ask/queue/{question.pk}/state/", {"target": "answered"}, follow=True)
    assert "not possible" in response.content.decode()
    question.refresh_from_db()
    assert question.state == State.NEW


# --- Replies ------------------------------------------------------------------------


def test_it_sends_an_answer_and_records_when(question, monitoring_officer):
    message = services.question_reply_as_officer(
        question=question,
        actor=monitoring_officer,
        body="Please decline the tickets.",
        outcome=State.ANSWERED,
    )
    question.refresh_from_db()
    assert message.is_answer and message.from_officer
    assert question.state == State.ANSWERED
    assert question.answered_at == message.created_at
    assert question.first_response_at == message.created_at
    assert events(question)[-1] == (State.NEW, State.ANSWERED, "mo@example.org")


def test_it_asks_the_member_for_more_information(question, monitoring_officer):
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Which committee?", outcome=State.AWAITING_MEMBER
    )
    question.refresh_from_db()
    assert question.state == State.AWAITING_MEMBER
    assert question.answered_at is None
    assert question.first_response_at is not None


def test_it_moves_a_question_back_when_the_member_answers_the_officer(
    question, councillor, monitoring_officer
):
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Which committee?", outcome=State.AWAITING_MEMBER
    )
    services.question_reply_as_member(question=question, actor=councillor, body="Planning.")
    question.refresh_from_db()
    assert question.state == State.IN_PROGRESS
    assert events(question)[-1] == (State.AWAITING_MEMBER, State.IN_PROGRESS, "cllr.ward@example.org")


def test_it_reopens_an_answered_question_when_the_member_replies(question, councillor, monitoring_officer):
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="No.", outcome=State.ANSWERED
    )
    services.question_reply_as_member(question=question, actor=councillor, body="What if I only share facts?")
    question.refresh_from_db()
    assert question.state == State.IN_PROGRESS
    assert question.answered_at is not None  # the first answer still counts for the figures
    event = QuestionEvent.objects.filter(question=question).last()
    assert (event.from_status, event.to_status) == (State.ANSWERED, State.IN_PROGRESS)
    assert event.note == "Reopened: the member replied after the answer"


def test_it_keeps_a_new_question_new_when_the_member_adds_to_it(question, councillor):
    services.question_reply_as_member(question=question, actor=councillor, body="One more detail.")
    question.refresh_from_db()
    assert question.state == State.NEW
    assert len(events(question)) == 1


def test_it_refuses_member_replies_to_a_closed_question(client_for, question, councillor, monitoring_officer):
    services.question_transition(question=question, actor=monitoring_officer, target=State.CLOSED)
    with pytest.raises(DomainError, match="closed"):
        services.question_reply_as_member(question=question, actor=councillor, body="Hello?")
    page = client_for(councillor).get(f"/ask/questions/{question.pk}/").content.decode()
    assert "This question is closed" in page
    assert 'action="/ask/questions/' not in page
    assert not Message.objects.exists()


def test_it_refuses_officer_replies_to_a_closed_question(question, monitoring_officer):
    services.question_transition(question=question, actor=monitoring_officer, target=State.CLOSED)
    with pytest.raises(DomainError, match="Reopen it"):
        services.question_reply_as_officer(
            question=question, actor=monitoring_officer, body="Hello", outcome=State.IN_PROGRESS
        )


def test_it_refuses_a_reply_outcome_the_workflow_does_not_allow(question, monitoring_officer):
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="No.", outcome=State.ANSWERED
    )
    with pytest.raises(TransitionRefused):
        services.question_reply_as_officer(
            question=question, actor=monitoring_officer, body="Tell me more", outcome=State.AWAITING_MEMBER
        )
    assert Message.objects.count() == 1


def test_it_refuses_replies_from_another_member(question, other_councillor):
    with pytest.raises(DomainError):
        services.question_reply_as_member(question=question, actor=other_councillor, body="Me too")
    assert not Message.objects.exists()


def test_it_adds_one_reply_when_the_reply_form_is_sent_twice(client_for, question, councillor):
    client = client_for(councillor)
    data = {"body": "An extra detail", "token": str(uuid.uuid4())}
    client.post(f"/ask/questions/{question.pk}/reply/", data)
    client.post(f"/ask/questions/{question.pk}/reply/", data)
    assert Message.objects.filter(question=question).count() == 1


def test_it_adds_one_officer_reply_when_sent_twice(client_for, question, monitoring_officer):
    client = client_for(monitoring_officer)
    data = {"body": "Answer", "outcome": "answered", "token": str(uuid.uuid4())}
    client.post(f"/ask/queue/{question.pk}/reply/", data)
    client.post(f"/ask/queue/{question.pk}/reply/", data)
    assert Message.objects.filter(question=question).count() == 1


def test_it_keeps_the_members_reply_when_it_cannot_be_sent(client_for, question, councillor):
    response = client_for(councillor).post(
        f"/ask/questions/{question.pk}/reply/", {"body": "", "token": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_it_attaches_files_to_a_reply(client_for, question, councillor):
    client_for(councillor).post(
        f"/ask/questions/{question.pk}/reply/",
        {
            "body": "Here is the invitation",
            "token": str(uuid.uuid4()),
            "attachments": [pdf_file("invite.pdf")],
        },
    )
    message = Message.objects.get()
    assert [a.original_name for a in message.attachments.all()] == ["invite.pdf"]


def test_it_shows_the_member_the_answer_and_marks_it_new(
    client_for, question, councillor, monitoring_officer
):
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Please decline politely.", outcome=State.ANSWERED
    )
    client = client_for(councillor)
    page = client.get(f"/ask/questions/{question.pk}/").content.decode()
    assert "Answer from Ruth Calder" in page
    assert "Please decline politely." in page
    assert ">New<" in page
    assert "Answered" in page
    again = client.get(f"/ask/questions/{question.pk}/").content.decode()
    assert ">New<" not in again


# --- Emails about replies -------------------------------------------------------------


def test_it_tells_the_member_there_is_an_answer_without_the_answer(question, monitoring_officer, emails):
    with emails() as sent:
        services.question_reply_as_officer(
            question=question,
            actor=monitoring_officer,
            body="You must not vote on the Red Lion licence.",
            outcome=State.ANSWERED,
        )
    assert len(sent) == 1
    message = sent[0]
    assert message.to == ["cllr.ward@example.org"]
    assert message.subject.startswith("Your question has been answered")
    assert "sign in to read it" in message.body
    assert f"/ask/questions/{question.pk}/" in message.body
    assert "Red Lion" not in message.body + message.subject
    assert "You must not vote" not in message.body


def test_it_tells_the_member_there_is_a_reply_without_the_reply(question, monitoring_officer, emails):
    with emails() as sent:
        services.question_reply_as_officer(
            question=question,
            actor=monitoring_officer,
            body="Which ward is it in?",
            outcome=State.AWAITING_MEMBER,
        )
    assert sent[0].subject.startswith("You have a reply from the Monitoring Officer")
    assert "Which ward" not in sent[0].body


def test_it_tells_the_assigned_officer_when_the_member_replies(
    question, councillor, monitoring_officer, deputy_monitoring_officer, emails
):
    services.question_triage(
        question=question,
        actor=deputy_monitoring_officer,
        priority=Priority.NORMAL,
        assigned_to=deputy_monitoring_officer,
    )
    with emails() as sent:
        services.question_reply_as_member(
            question=question, actor=councillor, body="My brother is the licensee."
        )
    assert [message.to for message in sent] == [["deputy.mo@example.org"]]
    assert "brother" not in sent[0].body


def test_it_tells_every_officer_when_nobody_is_assigned(
    question, councillor, monitoring_officer, deputy_monitoring_officer, emails
):
    with emails() as sent:
        services.question_reply_as_member(question=question, actor=councillor, body="More detail")
    assert sorted(sent[0].to) == ["deputy.mo@example.org", "mo@example.org"]


def test_it_sends_no_email_for_an_internal_note(
    question, monitoring_officer, deputy_monitoring_officer, emails
):
    with emails() as sent:
        services.question_add_note(
            question=question, actor=monitoring_officer, body="Check the register first"
        )
    assert sent == []
    assert InternalNote.objects.get().author == monitoring_officer


# --- The clock stops while the question waits for the member -----------------------


def test_it_moves_the_due_date_by_the_working_days_spent_waiting_for_the_member(
    question, monitoring_officer, councillor
):
    import datetime

    from django.utils import timezone

    from portal.workdays import working_days_between

    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Which meeting?", outcome=State.AWAITING_MEMBER
    )
    question.refresh_from_db()
    assert question.waiting_since == timezone.localdate()
    started = timezone.localdate() - datetime.timedelta(days=14)
    Question.objects.filter(pk=question.pk).update(waiting_since=started)
    question.refresh_from_db()
    waited = working_days_between(started, timezone.localdate())
    services.question_reply_as_member(question=question, actor=councillor, body="Planning, on Tuesday.")
    question.refresh_from_db()
    assert waited >= 9
    assert question.paused_working_days == waited
    assert question.waiting_since is None
    assert question.due_on == due_date(question.received_at, question.priority, waited)
    assert question.due_on > due_date(question.received_at, question.priority)
