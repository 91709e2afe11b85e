"""Contacting Member Support, and the accessibility statement that points people to it."""

import re

import pytest
from django.core.cache import cache
from django.utils.html import strip_tags

from portal import contact

URL = "/contact/"


@pytest.fixture(autouse=True)
def _no_earlier_counts(db):
    """The limits live in the database cache, whose table a transactional test's flush leaves alone."""
    cache.clear()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def message(**overrides):
    return {
        "name": "Ada Brennan",
        "email": "ada.brennan@example.net",
        "topic": "access",
        "message": "The training calendar does not read out the session dates with my screen reader.",
        **overrides,
    }


def test_it_shows_a_visitor_the_form_and_the_member_support_address(client, db, settings):
    response = client.get(URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "Contact Member Support" in text
    assert settings.MEMBER_SUPPORT_EMAIL in text
    assert f'href="mailto:{settings.MEMBER_SUPPORT_EMAIL}"' in response.content.decode()


def test_it_fills_in_the_name_and_email_of_a_signed_in_councillor(client, councillor):
    client.force_login(councillor)
    response = client.get(URL)
    form = response.context["form"]
    assert form["name"].value() == councillor.get_full_name()
    assert form["email"].value() == "cllr.ward@example.org"


def test_it_sends_the_message_to_member_support_once_the_request_commits(
    client, db, settings, django_capture_on_commit_callbacks, mailoutbox, run_tasks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, message())
    assert response.status_code == 302
    assert response["Location"] == "/contact/sent/"
    run_tasks()
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    run_tasks()
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == [settings.MEMBER_SUPPORT_EMAIL]
    assert "A problem using the portal or its accessibility" in sent.subject
    assert "Ada Brennan <ada.brennan@example.net>" in sent.body
    assert "does not read out the session dates" in sent.body


def test_it_says_who_was_signed_in_when_a_member_writes(
    client, councillor, django_capture_on_commit_callbacks, mailoutbox, run_tasks
):
    client.force_login(councillor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, message(name="Morgan Hale", email="morgan.home@example.net", topic="account"))
    run_tasks()
    assert "Signed in as: cllr.ward@example.org" in mailoutbox[0].body


def test_it_keeps_quotes_and_ampersands_as_typed_in_the_email(
    client, db, django_capture_on_commit_callbacks, mailoutbox, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, message(name="Seán O'Brien", message="Agendas & minutes won't open."))
    run_tasks()
    assert "Seán O'Brien" in mailoutbox[0].body
    assert "Agendas & minutes won't open." in mailoutbox[0].body


def test_it_shows_the_confirmation(client, db, settings):
    response = client.get("/contact/sent/")
    assert response.status_code == 200
    assert "Message sent" in text_of(response)
    assert settings.MEMBER_SUPPORT_EMAIL in text_of(response)


def test_it_lists_specific_problems_at_the_top_and_keeps_what_was_typed(client, db, mailoutbox):
    response = client.post(URL, message(name="", email="not-an-address", topic="", message="   "))
    assert response.status_code == 400
    html = response.content.decode()
    text = text_of(response)
    assert "<title>Error: Contact Member Support" in html
    summary = html[html.index('id="error-summary"') : html.index("</ul>", html.index('id="error-summary"'))]
    assert 'href="#id_name">Enter your name</a>' in summary
    assert 'href="#id_email">Enter an email address in the right format, like name@example.org</a>' in summary
    assert 'href="#id_topic_0">Choose what your message is about</a>' in summary
    assert 'href="#id_message">Enter your message</a>' in summary
    assert "This field is required" not in text
    assert 'value="not-an-address"' in html
    assert mailoutbox == []


def test_it_refuses_an_unknown_topic_without_an_error_page(client, db):
    response = client.post(URL, message(topic="<script>"))
    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)


def test_it_limits_messages_from_one_address_and_says_what_to_do(
    client, db, settings, django_capture_on_commit_callbacks, mailoutbox, run_tasks
):
    limit, _ = contact.PER_IP
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(limit):
            assert client.post(URL, message()).status_code == 302
        refused = client.post(URL, message(message="One more time, please."))
        elsewhere = client.post(URL, message(), REMOTE_ADDR="198.51.100.7")
    run_tasks()
    assert refused.status_code == 429
    text = text_of(refused)
    assert "we cannot accept another just now" in text
    assert settings.MEMBER_SUPPORT_EMAIL in text
    assert "One more time, please." in text  # what they wrote is kept
    assert elsewhere.status_code == 302
    assert len(mailoutbox) == limit + 1


def test_it_does_not_count_forms_with_mistakes_against_the_limit(client, db):
    limit, _ = contact.PER_IP
    for _ in range(limit + 2):
        client.post(URL, message(message=""))
    assert client.post(URL, message()).status_code == 302


@pytest.mark.parametrize(
    "words",
    [
        "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA",
        "Non-accessible content",
        "This statement was prepared on",
        "It was last reviewed on",
        "Equality and Human Rights Commission (EHRC) is responsible for enforcing",
        "Equality Advisory and Support Service (EASS)",
        "Reporting accessibility problems",
    ],
)
def test_it_covers_what_the_2018_regulations_ask_of_the_accessibility_statement(client, db, words):
    assert words in text_of(client.get("/accessibility/"))


def test_it_gives_a_real_way_to_contact_member_support_from_the_accessibility_statement(client, db, settings):
    html = client.get("/accessibility/").content.decode()
    assert 'href="/contact/"' in html
    assert f'href="mailto:{settings.MEMBER_SUPPORT_EMAIL}"' in html


def test_it_links_visitors_to_the_complaint_form_from_the_header(client, db):
    html = client.get("/accessibility/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert 'href="/complaints/"' in header
    assert 'href="/complaints/decisions/"' in header
