"""Seeing and ending your sessions; signing out after two idle hours."""

import time
import types

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from portal import middleware
from tests.conftest import PASSWORD

IDLE = 2 * 3600


def signed_in_client(email, browser):
    client = Client(HTTP_USER_AGENT=browser)
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def set_last_seen(client, seconds_ago):
    session = client.session
    session[middleware.LAST_SEEN_KEY] = time.time() - seconds_ago
    session.save()


# --- Sessions list -----------------------------------------------------------


def test_it_lists_where_a_councillor_is_signed_in(councillor):
    laptop = signed_in_client("cllr.ward@example.org", "Laptop browser/1.0")
    signed_in_client("cllr.ward@example.org", "Phone browser/2.0")
    response = laptop.get("/accounts/sessions/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in content and "Where you are signed in" in content
    assert "Laptop browser/1.0" in content and "Phone browser/2.0" in content
    assert content.count('badge text-bg-primary">This device') == 1
    assert "Sign out everywhere else" in content


def test_it_does_not_show_other_peoples_sessions(councillor, other_councillor):
    mine = signed_in_client("cllr.ward@example.org", "Mine/1.0")
    signed_in_client("cllr.other@example.org", "Theirs/1.0")
    assert b"Theirs/1.0" not in mine.get("/accounts/sessions/").content


def test_it_ends_the_other_sessions_and_keeps_this_one(councillor):
    laptop = signed_in_client("cllr.ward@example.org", "Laptop browser/1.0")
    phone = signed_in_client("cllr.ward@example.org", "Phone browser/2.0")
    assert UserSession.objects.filter(user=councillor).count() == 2
    response = laptop.post("/accounts/sessions/", follow=True)
    assert response.status_code == 200
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 200
    assert UserSession.objects.filter(user=councillor).count() == 1


def test_it_offers_plain_sign_out_when_there_is_one_session(councillor):
    laptop = signed_in_client("cllr.ward@example.org", "Laptop browser/1.0")
    content = laptop.get("/accounts/sessions/").content.decode()
    assert "You are signed in on this device only." in content
    assert 'action="/accounts/logout/"' in content


def test_it_sends_anonymous_visitors_from_the_sessions_page_to_sign_in(client, db):
    assert client.get("/accounts/sessions/")["Location"].startswith("/accounts/login/")


# --- Idle timeout --------------------------------------------------------------


def test_it_signs_out_after_two_idle_hours_and_says_why(councillor):
    client = signed_in_client("cllr.ward@example.org", "Laptop/1.0")
    set_last_seen(client, IDLE + 5)
    response = client.get("/", follow=True)
    assert response.redirect_chain[0] == ("/accounts/login/?next=/", 302)
    assert b"You were signed out because you had not used the portal for a while" in response.content
    assert client.get("/").status_code == 302


def test_it_keeps_a_session_used_within_two_hours(councillor):
    client = signed_in_client("cllr.ward@example.org", "Laptop/1.0")
    set_last_seen(client, IDLE - 60)
    response = client.get("/")
    assert response.status_code == 200
    assert client.session[middleware.LAST_SEEN_KEY] > time.time() - 5


@pytest.mark.parametrize(("minutes_later", "signed_in"), [(119, True), (121, False)])
def test_it_measures_idle_time_from_the_last_request(councillor, monkeypatch, minutes_later, signed_in):
    client = signed_in_client("cllr.ward@example.org", "Laptop/1.0")
    assert client.get("/").status_code == 200
    later = time.time() + minutes_later * 60
    monkeypatch.setattr(middleware, "time", types.SimpleNamespace(time=lambda: later))
    assert (client.get("/").status_code == 200) is signed_in


def test_it_applies_the_idle_timeout_to_the_back_office(monitoring_officer):
    client = Client()
    client.post("/accounts/login/", {"login": "mo@example.org", "password": PASSWORD})
    from portal.demo import current_totp_code

    client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(monitoring_officer)})
    assert client.get("/back-office/").status_code == 200
    set_last_seen(client, IDLE + 5)
    response = client.get("/back-office/")
    assert response["Location"] == "/accounts/login/?next=/back-office/"


# --- The "where you are signed in" record, written at most once a minute ------------


def _usersession_queries(queries):
    return [q["sql"] for q in queries if "usersessions_usersession" in q["sql"]]


def test_it_writes_the_session_record_at_most_once_a_minute(councillor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    laptop = signed_in_client("cllr.ward@example.org", "Laptop browser/1.0")
    laptop.get("/")
    record = UserSession.objects.get(user=councillor)
    with CaptureQueriesContext(connection) as captured:
        assert laptop.get("/").status_code == 200
    assert _usersession_queries(captured.captured_queries) == []

    # A minute later the record's last activity is brought up to date.
    session = laptop.session
    seen = session[middleware.USER_SESSION_KEY]
    session[middleware.USER_SESSION_KEY] = [seen[0] - middleware.TOUCH_EVERY_SECONDS - 1, *seen[1:]]
    session.save()
    laptop.get("/")
    record_after = UserSession.objects.get(pk=record.pk)
    assert record_after.last_seen_at > record.last_seen_at


def test_it_writes_the_session_record_at_once_when_the_browser_changes(councillor):
    laptop = signed_in_client("cllr.ward@example.org", "Laptop browser/1.0")
    laptop.get("/")
    laptop.get("/", HTTP_USER_AGENT="Other browser/9.0")
    assert UserSession.objects.get(user=councillor).user_agent == "Other browser/9.0"
