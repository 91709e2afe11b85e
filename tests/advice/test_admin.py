"""The back office: questions readable only by officers, closing through the service, FAQ admin."""

import pytest

from advice.models import QuestionEvent, State


@pytest.fixture
def officer_client(client_for, monitoring_officer):
    return client_for(monitoring_officer)


def test_it_lists_questions_for_the_officers(officer_client, ask, councillor):
    ask(councillor, subject="County show tickets")
    page = officer_client.get("/back-office/advice/question/").content.decode()
    assert "County show tickets" in page
    assert "Cllr Morgan Hale" in page


def test_it_offers_no_way_to_add_or_edit_questions_in_the_back_office(officer_client, question):
    assert officer_client.get("/back-office/advice/question/add/").status_code == 403
    page = officer_client.get(f"/back-office/advice/question/{question.pk}/change/").content.decode()
    assert 'name="subject"' not in page  # read-only
    assert (
        "Close the selected questions" in officer_client.get("/back-office/advice/question/").content.decode()
    )


def test_it_closes_questions_through_the_service(officer_client, ask, councillor, monitoring_officer):
    first, second = ask(councillor), ask(councillor)
    response = officer_client.post(
        "/back-office/advice/question/",
        {"action": "close_questions", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "Closed 2 questions." in response.content.decode()
    first.refresh_from_db()
    assert first.state == State.CLOSED
    event = QuestionEvent.objects.filter(question=first).last()
    assert (event.from_status, event.to_status, event.actor) == (State.NEW, State.CLOSED, monitoring_officer)
    assert event.note == "Closed in the back office"


def test_it_leaves_already_closed_questions_alone(officer_client, question, monitoring_officer):
    from advice import services

    services.question_transition(question=question, actor=monitoring_officer, target=State.CLOSED)
    response = officer_client.post(
        "/back-office/advice/question/",
        {"action": "close_questions", "_selected_action": [question.pk]},
        follow=True,
    )
    assert f"Already closed, so left alone: {question.reference}." in response.content.decode()


def test_it_searches_questions_by_member_name(officer_client, ask, councillor, coopted_member):
    ask(councillor, subject="Morgan's question")
    ask(coopted_member, subject="Sam's question")
    page = officer_client.get("/back-office/advice/question/?q=Okafor").content.decode()
    assert "Sam&#x27;s question" in page
    assert "Morgan&#x27;s question" not in page


@pytest.mark.parametrize("who", ["member_support", "superuser"])
def test_it_keeps_the_faq_back_office_to_officers(db, client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/back-office/advice/faqentry/").status_code == 403


def test_it_logs_opening_a_question_in_the_back_office(officer_client, question, monitoring_officer):
    from advice.models import QuestionView

    officer_client.get(f"/back-office/advice/question/{question.pk}/change/")
    assert QuestionView.objects.filter(question=question, viewer=monitoring_officer).count() == 1


def test_it_filters_questions_by_assigned_officer_only(officer_client, ask, councillor, monitoring_officer):
    from advice import services

    mine = ask(councillor, subject="Assigned to Ruth")
    ask(councillor, subject="Not assigned")
    services.question_triage(
        question=mine, actor=monitoring_officer, priority="normal", assigned_to=monitoring_officer
    )
    page = officer_client.get(
        f"/back-office/advice/question/?assigned={monitoring_officer.pk}"
    ).content.decode()
    assert "Assigned to Ruth" in page
    assert "Not assigned" not in page
    assert (
        "Morgan Hale" not in page.split('id="changelist-filter"')[1].split("</nav>")[0]
    )  # members are not choices
