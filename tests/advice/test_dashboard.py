"""The dashboard panels: a member's own questions, and the officers' waiting work."""

import datetime

from django.utils import timezone

from advice import services
from advice.models import Question, State
from advice.panels import advice_panels
from tests.kit import text_of


def test_it_shows_a_member_their_open_questions_and_new_replies(
    client_for, ask, councillor, monitoring_officer
):
    answered = ask(councillor, subject="Tickets to the county show")
    ask(councillor, subject="Charity dinner")
    closed = ask(councillor, subject="Old closed question")
    services.question_reply_as_officer(
        question=answered, actor=monitoring_officer, body="No.", outcome=State.ANSWERED
    )
    services.question_transition(question=closed, actor=monitoring_officer, target=State.CLOSED)
    page = text_of(client_for(councillor).get("/"))
    assert "Your questions to the Monitoring Officer" in page
    # The answered question is not open: it is counted apart (issue 14).
    assert "1 open question, 1 answered, 1 with a new reply" in page
    assert "Tickets to the county show Answered New reply" in page
    assert "Charity dinner Received" in page
    assert "Old closed question" not in page


def test_it_clears_the_new_reply_once_the_member_has_read_it(client_for, ask, councillor, monitoring_officer):
    question = ask(councillor, subject="Tickets")
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="No.", outcome=State.ANSWERED
    )
    client = client_for(councillor)
    client.get(f"/ask/questions/{question.pk}/")
    page = text_of(client.get("/"))
    assert "New reply" not in page
    assert "No open questions, 1 answered." in page


def test_it_tells_a_member_with_no_questions_how_to_ask(client_for, councillor):
    response = client_for(councillor).get("/")
    assert "You have no open questions." in text_of(response)
    assert 'href="/ask/new/"' in response.content.decode()


def test_it_never_shows_a_member_someone_elses_questions(client_for, ask, councillor, other_councillor):
    ask(other_councillor, subject="Jo's private question")
    page = text_of(client_for(councillor).get("/"))
    assert "Jo's private question" not in page
    assert "Jo&#x27;s private question" not in page


def test_it_shows_the_officers_what_is_waiting(
    client_for, ask, councillor, monitoring_officer, deputy_monitoring_officer
):
    ask(councillor, subject="Brand new")
    mine = ask(councillor, subject="Mine")
    services.question_triage(
        question=mine, actor=monitoring_officer, priority="normal", assigned_to=monitoring_officer
    )
    late = ask(councillor, subject="Late")
    services.question_triage(
        question=late, actor=monitoring_officer, priority="normal", assigned_to=deputy_monitoring_officer
    )
    Question.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    page = text_of(client_for(monitoring_officer).get("/"))
    assert "Questions waiting" in page
    assert "1 new, not yet triaged" in page
    assert "1 overdue" in page
    assert "1 open and assigned to you" in page
    assert "3 open in all" in page
    assert "Brand new" not in page  # counts only: no subjects on the dashboard


def test_it_shows_no_question_panels_to_people_without_access(
    client_for, ask, councillor, member_support, mssg_member, independent_person
):
    ask(councillor)
    for person in (member_support, mssg_member, independent_person):
        page = text_of(client_for(person).get("/"))
        assert "Questions waiting" not in page
        assert "Your questions to the Monitoring Officer" not in page


def test_it_adds_no_panel_and_no_query_for_people_without_access(
    member_support, mssg_member, independent_person, django_assert_num_queries
):
    for person in (member_support, mssg_member, independent_person):
        person.get_all_permissions()  # the dashboard has already loaded them
        with django_assert_num_queries(0):
            assert advice_panels(person, None) == []


def test_it_does_not_count_an_answered_question_as_open(client_for, ask, councillor, monitoring_officer):
    for subject in ("First", "Second"):
        ask(councillor, subject=subject)
    answered = ask(councillor, subject="Third")
    services.question_reply_as_officer(
        question=answered, actor=monitoring_officer, body="Yes.", outcome=State.ANSWERED
    )

    page = text_of(client_for(councillor).get("/"))

    assert "2 open questions, 1 answered" in page
    assert "3 open questions" not in page


def test_it_starts_the_downloaded_copy_with_the_members_name(client_for, ask, councillor):
    question = ask(councillor, subject="Gifts")

    text = client_for(councillor).get(f"/ask/questions/{question.pk}/copy/").content.decode()

    first_line = text.splitlines()[0]
    assert first_line.startswith("Cllr Morgan Hale: your question to the Monitoring Officer")
    assert not first_line.startswith(":")
