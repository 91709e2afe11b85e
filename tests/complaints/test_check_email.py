"""The public "check your email" page: the address used, and sending the email again (issue 14)."""

import uuid

import pytest

from complaints.models import CaseEvent, Complaint
from complaints.stages import Stage
from tests.complaints.conftest import COMPLAINANT_EMAIL
from tests.complaints.test_intake import FORM, form_data
from tests.kit import link_in, text_of

PAGE = "/complaints/check-your-email/"


@pytest.fixture
def sent(client, parish_member, django_capture_on_commit_callbacks, run_tasks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, form_data(parish_member))
    run_tasks()
    assert response["Location"] == PAGE
    return Complaint.objects.get()


def resend(client, token=None):
    return client.post(PAGE, {"resend_token": str(token or uuid.uuid4())})


def test_it_shows_the_sender_the_address_the_email_went_to(sent, client):
    text = text_of(client.get(PAGE).content)
    assert f"We have sent an email to {COMPLAINANT_EMAIL}" in text
    assert "Send the email again" in text


def test_it_keeps_the_address_out_of_the_url_and_out_of_other_sessions(sent, client):
    from django.test import Client

    assert "@" not in PAGE
    other = text_of(Client().get(PAGE).content)
    assert COMPLAINANT_EMAIL not in other
    assert "Send the email again" not in other
    assert "We have sent you an email" in other


def test_it_sends_a_new_link_that_works_and_retires_the_old_one(
    sent, client, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    first = link_in(mailoutbox[0].body, "/complaints/confirm/")
    with django_capture_on_commit_callbacks(execute=True):
        response = resend(client)
    run_tasks()
    assert response.status_code == 302 and response["Location"] == PAGE
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == [COMPLAINANT_EMAIL]
    second = link_in(mailoutbox[1].body, "/complaints/confirm/")
    assert second != first
    assert f"We have sent the email again to {COMPLAINANT_EMAIL}" in text_of(client.get(PAGE).content)
    assert client.get(first).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(second)
    assert Complaint.objects.get().stage == Stage.RECEIVED
    event = sent.events.get(kind=CaseEvent.Kind.CONFIRMATION_RESENT)
    assert event.actor is None


def test_a_double_click_sends_one_email(
    sent, client, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    token = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = resend(client, token)
        second = resend(client, token)
    run_tasks()
    assert first.status_code == second.status_code == 302
    assert len(mailoutbox) == 2  # the first email and one resend
    assert sent.events.filter(kind=CaseEvent.Kind.CONFIRMATION_RESENT).count() == 1


def test_it_limits_how_often_the_email_is_sent_again(
    sent, client, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert resend(client).status_code == 302
        refused = resend(client)
    run_tasks()
    assert refused.status_code == 429
    assert "cannot send it again just now" in text_of(refused.content)
    assert len(mailoutbox) == 4


def test_it_sends_nothing_once_the_complaint_is_confirmed_but_says_the_same(
    sent, client, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mailoutbox[0].body, "/complaints/confirm/"))
    run_tasks()
    sent_before = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = resend(client)
    run_tasks()
    assert response.status_code == 302
    assert len(mailoutbox) == sent_before
    assert f"We have sent the email again to {COMPLAINANT_EMAIL}" in text_of(client.get(PAGE).content)


def test_a_robot_caught_by_the_honeypot_sees_the_same_page(client, parish_member, mailoutbox):
    response = client.post(FORM, form_data(parish_member, website="http://spam.example"), follow=True)
    assert Complaint.objects.count() == 0
    assert f"We have sent an email to {COMPLAINANT_EMAIL}" in text_of(response.content)
    again = resend(client)
    assert again.status_code == 302
    assert f"We have sent the email again to {COMPLAINANT_EMAIL}" in text_of(client.get(PAGE).content)
    assert mailoutbox == []


def test_a_resend_without_a_session_changes_nothing(client, mailoutbox):
    response = resend(client)
    assert response.status_code == 400
    assert mailoutbox == []
