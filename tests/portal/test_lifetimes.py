"""Issue 12, "Smaller leaks": reset links with their own short life, sessions with an absolute one."""

import datetime
import re
import time
import types

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client

from portal import middleware, tokens
from portal.services import member_invite
from tests.conftest import PASSWORD

HOUR = 3600


def reset_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)


def later(monkeypatch, seconds):
    """Make every password-link generator believe ``seconds`` have passed."""
    moved = datetime.datetime.now() + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: moved)


def opens_the_form(client, link):
    page = client.get(link, follow=True)
    return b"Choose a new password" in page.content


@pytest.fixture
def requested_reset(client, councillor, mailoutbox, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "cllr.ward@example.org"})
    run_tasks()
    return reset_link(mailoutbox[0])


def test_it_lets_a_reset_link_work_within_the_hour(client, requested_reset, monkeypatch):
    later(monkeypatch, HOUR - 60)
    assert opens_the_form(client, requested_reset)


def test_it_stops_a_reset_link_working_after_an_hour(client, requested_reset, monkeypatch):
    later(monkeypatch, HOUR + 60)
    assert not opens_the_form(client, requested_reset)


def test_it_says_how_long_the_reset_link_works(requested_reset, mailoutbox):
    assert "within 60 minutes" in mailoutbox[0].body


def test_it_keeps_invitation_links_working_for_days(
    client,
    member_support,
    make_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
    run_tasks,
    monkeypatch,
):
    member = make_member(email="invited@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        member_invite(member=member, actor=member_support)
    run_tasks()
    later(monkeypatch, 3 * 24 * HOUR)
    assert opens_the_form(client, reset_link(mailoutbox[0]))


def test_it_does_not_let_a_reset_link_pass_for_an_invitation(councillor):
    token = tokens.password_reset_token_generator.make_token(councillor)
    assert not tokens.invitation_token_generator.check_token(councillor, token)


# --- Absolute session lifetime ----------------------------------------------------------


def signed_in(email="cllr.ward@example.org"):
    client = Client()
    assert client.post("/accounts/login/", {"login": email, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize(("hours_later", "still_signed_in"), [(11.9, True), (12.1, False)])
def test_it_signs_out_twelve_hours_after_sign_in_however_busy(
    councillor, monkeypatch, hours_later, still_signed_in
):
    client = signed_in()
    assert client.get("/").status_code == 200
    start = time.time()
    # Busy all along: a request every hour, so the idle timeout never applies.
    for hour in range(1, 12):
        monkeypatch.setattr(middleware, "time", types.SimpleNamespace(time=lambda h=hour: start + h * HOUR))
        assert client.get("/").status_code == 200
    monkeypatch.setattr(middleware, "time", types.SimpleNamespace(time=lambda: start + hours_later * HOUR))
    response = client.get("/", follow=True)
    assert (response.redirect_chain == []) is still_signed_in
    if not still_signed_in:
        assert b"You were signed out because you signed in many hours ago" in response.content
