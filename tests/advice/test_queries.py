"""Query budgets: each page runs the same number of queries with 1 row and with 50."""

import uuid

import pytest

from advice import services
from advice.models import FaqEntry, Priority, State
from advice.panels import advice_panels
from tests.advice.conftest import pdf_file

# Budgets include the session, the user, the permissions and the view-log write.
QUEUE = 8
OFFICER_QUESTION = 9  # issue 15: a question page in at most 10
MEMBER_QUESTION = 7
MY_QUESTIONS = 6
FAQ_LIST = 6


def many_questions(ask, people, officer, n):
    questions = []
    for i in range(n):
        question = ask(people[i % len(people)], subject=f"Question {i}")
        if i % 3 == 0:
            services.question_triage(
                question=question, actor=officer, priority=Priority.URGENT, assigned_to=officer
            )
        questions.append(question)
    return questions


def conversation(question, member, officer, n):
    """``n`` replies each way, each with a file, and ``n`` internal notes."""
    for i in range(n):
        services.question_reply_as_member(
            question=question, actor=member, body=f"Member reply {i}", files=[pdf_file(f"m{i}.pdf")]
        )
        services.question_reply_as_officer(
            question=question,
            actor=officer,
            body=f"Officer reply {i}",
            outcome=State.IN_PROGRESS,
            files=[pdf_file(f"o{i}.pdf")],
        )
        services.question_add_note(question=question, actor=officer, body=f"Note {i}")


@pytest.mark.parametrize("n", [1, 50])
def test_queue_budget(
    client_for, ask, councillor, coopted_member, monitoring_officer, django_assert_num_queries, n
):
    many_questions(ask, [councillor, coopted_member], monitoring_officer, n)
    client = client_for(monitoring_officer)
    client.get("/ask/queue/")
    with django_assert_num_queries(QUEUE):
        response = client.get("/ask/queue/?state=open&assigned=&overdue=")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 50])
def test_officer_question_budget(
    client_for, question, councillor, monitoring_officer, django_assert_num_queries, make_committee, n
):
    make_committee("Planning Committee", members=[councillor.member])
    conversation(question, councillor, monitoring_officer, n)
    client = client_for(monitoring_officer)
    client.get(f"/ask/queue/{question.pk}/")
    with django_assert_num_queries(OFFICER_QUESTION):
        response = client.get(f"/ask/queue/{question.pk}/")
    assert f"Officer reply {n - 1}" in response.content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_member_question_budget(
    client_for, question, councillor, monitoring_officer, django_assert_num_queries, n
):
    conversation(question, councillor, monitoring_officer, n)
    client = client_for(councillor)
    client.get(f"/ask/questions/{question.pk}/")
    with django_assert_num_queries(MEMBER_QUESTION):
        response = client.get(f"/ask/questions/{question.pk}/")
    assert f"Officer reply {n - 1}" in response.content.decode()


def test_each_file_shows_under_its_own_message(client_for, question, councillor, monitoring_officer):
    """The files come in one query for the whole question; each still shows under its message."""
    import re

    conversation(question, councillor, monitoring_officer, 2)

    def files_after(html, text):
        block = html.split(text, 1)[1].split("</article>", 1)[0]
        return re.findall(r">([mo]\d\.pdf)</a>", block)

    for user, path in [
        (councillor, f"/ask/questions/{question.pk}/"),
        (monitoring_officer, f"/ask/queue/{question.pk}/"),
    ]:
        html = client_for(user).get(path).content.decode()
        assert files_after(html, "Member reply 1") == ["m1.pdf"]
        assert files_after(html, "Officer reply 0") == ["o0.pdf"]
    copy = client_for(councillor).get(f"/ask/questions/{question.pk}/copy/").content.decode()
    assert copy.split("Officer reply 1", 1)[1].startswith("\nAttached: o1.pdf")


@pytest.mark.parametrize("n", [1, 50])
def test_my_questions_budget(client_for, ask, councillor, monitoring_officer, django_assert_num_queries, n):
    many_questions(ask, [councillor], monitoring_officer, n)
    client = client_for(councillor)
    client.get("/ask/")
    with django_assert_num_queries(MY_QUESTIONS):
        client.get("/ask/")


@pytest.mark.parametrize("n", [1, 50])
def test_faq_list_budget(client_for, councillor, monitoring_officer, django_assert_num_queries, n):
    for i in range(n):
        services.faq_entry_save(
            entry=FaqEntry(
                title=f"Entry {i}", topic=["social_media", "interests"][i % 2], answer_text="Text"
            ),
            actor=monitoring_officer,
            publish=True,
        )
    client = client_for(councillor)
    client.get("/ask/faq/")
    with django_assert_num_queries(FAQ_LIST):
        client.get("/ask/faq/")
    with django_assert_num_queries(FAQ_LIST - 1):  # a search needs no count query
        client.get("/ask/faq/?q=text")


@pytest.mark.parametrize("n", [1, 50])
def test_dashboard_panels_use_one_query_each(
    ask, councillor, coopted_member, monitoring_officer, django_assert_num_queries, n
):
    questions = many_questions(ask, [councillor, coopted_member], monitoring_officer, n)
    for question in questions[::2]:
        services.question_reply_as_officer(
            question=question, actor=monitoring_officer, body="Reply", outcome=State.ANSWERED
        )
    for person in (councillor, monitoring_officer):
        person = type(person).objects.get(pk=person.pk)  # no cached permissions
        person.get_all_permissions()
        with django_assert_num_queries(1):
            panels = advice_panels(person, None)
        assert len(panels) == 1


def test_it_counts_new_replies_on_the_members_panel(ask, councillor, monitoring_officer):
    first, second, _third = (ask(councillor, subject=f"Q{i}", token=uuid.uuid4()) for i in range(3))
    for question in (first, second):
        services.question_reply_as_officer(
            question=question, actor=monitoring_officer, body="Hi", outcome="answered"
        )
    [panel] = advice_panels(councillor, councillor.member)
    summary = panel.context["summary"]
    assert (summary.open_total, summary.new_replies) == (3, 2)
    assert [q.subject for q in summary.questions][:2] == ["Q1", "Q0"]  # those with a new reply first
