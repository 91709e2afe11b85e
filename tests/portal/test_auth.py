"""Signing in and out, no public sign-up, password reset and change, login rate limits."""

import re
from html.parser import HTMLParser

import pytest

from portal.models import User
from tests.conftest import PASSWORD
from tests.kit import sign_in

LOGIN_URL = "/accounts/login/"
WRONG = "not-the-password-at-all"


def is_signed_in(client):
    return client.get("/").status_code == 200


# --- Sign in and out --------------------------------------------------------


def test_it_signs_a_councillor_in_with_email_and_password(client, councillor):
    response = sign_in(client, "cllr.ward@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert b"Morgan Hale" in client.get("/").content


def test_it_accepts_the_email_address_in_any_case(client, councillor):
    response = sign_in(client, "Cllr.Ward@Example.org")
    assert response.status_code == 302
    assert is_signed_in(client)


def test_it_refuses_a_wrong_password_with_an_error_on_the_form(client, councillor):
    response = sign_in(client, "cllr.ward@example.org", WRONG)
    assert response.status_code == 200
    assert b"The email address or the password is not right." in response.content
    assert b'role="alert"' in response.content
    assert not is_signed_in(client)


def test_it_reshows_the_sign_in_form_with_the_error_summary_and_an_error_title(client, councillor):
    response = sign_in(client, "cllr.ward@example.org", WRONG)
    text = response.content.decode()
    assert "<title>Error: " in text
    assert 'id="error-summary"' in text
    assert 'value="cllr.ward@example.org"' in text


def test_it_refuses_a_deactivated_account(client, make_user):
    make_user("gone@example.org", is_active=False)
    sign_in(client, "gone@example.org")
    assert not is_signed_in(client)


def test_it_asks_before_signing_out(client, councillor):
    client.force_login(councillor)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert b"<h1" in response.content and b"Sign out" in response.content
    assert is_signed_in(client)


def test_it_signs_out(client, councillor):
    client.force_login(councillor)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not is_signed_in(client)


# --- No public sign-up ------------------------------------------------------


def test_it_shows_that_sign_up_is_closed(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert b"Sign-up is closed" in response.content
    assert b'name="password1"' not in response.content


def test_it_never_creates_an_account_from_the_sign_up_url(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "stranger@example.org", "password1": "Sup3r-secret-pass", "password2": "Sup3r-secret-pass"},
    )
    assert b"Sign-up is closed" in response.content
    assert not User.objects.filter(email="stranger@example.org").exists()
    assert not is_signed_in(client)


def test_it_does_not_offer_sign_up_on_the_sign_in_page(client, db):
    content = client.get(LOGIN_URL).content.decode()
    assert "/accounts/signup/" not in content


# --- Password reset ---------------------------------------------------------


def request_reset(client, email, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": email}, follow=True)
    run_tasks()
    return response


def test_it_emails_a_reset_link_to_a_real_account(
    client, councillor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    request_reset(client, "cllr.ward@example.org", django_capture_on_commit_callbacks, run_tasks)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["cllr.ward@example.org"]
    assert "Reset your member portal password" in message.subject
    assert "/accounts/password/reset/key/" in message.body


def test_it_sends_no_email_for_an_unknown_address(
    client, councillor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    request_reset(client, "nobody@example.org", django_capture_on_commit_callbacks, run_tasks)
    assert mailoutbox == []


def test_it_shows_the_same_page_whether_or_not_the_address_has_an_account(
    client, councillor, django_capture_on_commit_callbacks, run_tasks
):
    known = request_reset(client, "cllr.ward@example.org", django_capture_on_commit_callbacks, run_tasks)
    unknown = request_reset(client, "nobody@example.org", django_capture_on_commit_callbacks, run_tasks)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [("/accounts/password/reset/done/", 302)]
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert strip(known) == strip(unknown)
    assert "If the address you entered belongs to an account" in known.content.decode()


def reset_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)


def test_it_lets_a_councillor_choose_a_new_password_from_the_link(
    client, councillor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    request_reset(client, "cllr.ward@example.org", django_capture_on_commit_callbacks, run_tasks)
    form_page = client.get(reset_link(mailoutbox[0]), follow=True)
    assert b"Choose a new password" in form_page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_page.redirect_chain[-1][0],
            {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
        )
    assert response.status_code == 302
    councillor.refresh_from_db()
    assert councillor.check_password("a-brand-new-passphrase")


def test_it_refuses_a_used_or_broken_reset_link(client, db):
    response = client.get("/accounts/password/reset/key/1-not-a-real-key/", follow=True)
    assert response.status_code == 200
    assert b"This link does not work" in response.content


def test_it_shows_the_page_after_a_reset(client, councillor):
    response = client.get("/accounts/password/reset/key/done/")
    assert response.status_code == 200
    assert b"Password changed" in response.content


# --- Password change and security notices -----------------------------------


def test_it_changes_the_password_and_emails_a_notice(
    client, councillor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    sign_in(client, "cllr.ward@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": "another-long-passphrase",
                "password2": "another-long-passphrase",
            },
        )
    assert response.status_code == 302
    assert mailoutbox == []  # queued, not sent in the request
    run_tasks()
    councillor.refresh_from_db()
    assert councillor.check_password("another-long-passphrase")
    assert len(mailoutbox) == 1
    assert "Your password was changed" in mailoutbox[0].subject
    assert "was changed" in mailoutbox[0].body
    assert "127.0.0.1" in mailoutbox[0].body


def test_it_ties_password_change_errors_to_their_fields(client, councillor):
    client.force_login(councillor)
    response = client.post(
        "/accounts/password/change/", {"oldpassword": WRONG, "password1": "short", "password2": "short"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'aria-describedby="[^"]*\bid_oldpassword_error\b', content)
    assert 'id="id_oldpassword_error"' in content
    assert 'aria-invalid="true"' in content
    councillor.refresh_from_db()
    assert councillor.check_password(PASSWORD)


# --- Login rate limit -------------------------------------------------------


def fail_five_times(client, email, url=LOGIN_URL):
    for _ in range(5):
        response = sign_in(client, email, WRONG, url=url)
        assert b"The email address or the password is not right." in response.content


def test_it_refuses_the_sixth_attempt_within_five_minutes_even_with_the_right_password(client, councillor):
    fail_five_times(client, "cllr.ward@example.org")
    response = sign_in(client, "cllr.ward@example.org")
    assert response.status_code == 200
    assert b"Too many attempts to sign in to this account" in response.content
    assert not is_signed_in(client)


def test_it_lets_the_right_password_in_after_four_failures(client, councillor):
    for _ in range(4):
        sign_in(client, "cllr.ward@example.org", WRONG)
    sign_in(client, "cllr.ward@example.org")
    assert is_signed_in(client)


def test_it_counts_failures_for_each_account_separately(client, councillor, other_councillor):
    fail_five_times(client, "cllr.ward@example.org")
    sign_in(client, "cllr.other@example.org")
    assert is_signed_in(client)


def test_it_counts_failures_in_any_letter_case_together(client, councillor):
    for email in ["cllr.ward@example.org", "CLLR.WARD@example.org", "Cllr.Ward@Example.org"] * 2:
        sign_in(client, email, WRONG)
    sign_in(client, "cllr.ward@example.org")
    assert not is_signed_in(client)


def test_it_sends_back_office_sign_in_through_the_portal_sign_in(client, db):
    response = client.get("/back-office/login/?next=/back-office/portal/member/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fback-office%2Fportal%2Fmember%2F"


def test_it_rate_limits_sign_in_started_from_the_back_office(client, member_support):
    login_url = client.get("/back-office/", follow=True).redirect_chain[-1][0]
    assert login_url.startswith(LOGIN_URL)
    fail_five_times(client, "support@example.org", url=login_url)
    response = sign_in(client, "support@example.org", url=login_url)
    assert b"Too many attempts to sign in to this account" in response.content
    assert client.get("/back-office/").status_code == 302


def test_it_keeps_the_login_counter_in_the_shared_database_cache(client, councillor, settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    fail_five_times(client, "cllr.ward@example.org")
    # A new client (another browser, another server process) meets the same limit.
    from django.test import Client

    other = Client()
    sign_in(other, "cllr.ward@example.org")
    assert other.get("/").status_code == 302


def test_it_applies_the_login_limit_with_a_redis_cache(client, councillor, redis_cache):
    fail_five_times(client, "cllr.ward@example.org")
    assert any(b"login_failed" in key for key in redis_cache._cache.get_client().keys("*"))
    response = sign_in(client, "cllr.ward@example.org")
    assert b"Too many attempts to sign in to this account" in response.content
    assert not is_signed_in(client)


# --- Every account page the portal uses, in the site layout -----------------


class PageAudit(HTMLParser):
    """Collects what an accessibility check needs: headings, labels, inputs, landmarks."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.main = False
        self.labels = set()
        self.inputs = []
        self.inline_styles = 0
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.inline_styles += 1
        if tag == "h1":
            self.h1 += 1
        elif tag == "main":
            self.main = True
        elif tag == "title":
            self.in_title = True
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.inputs.append(attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def audit(response):
    page = PageAudit()
    page.feed(response.content.decode())
    return page


def with_new_totp(client, make_user):
    from tests.portal.test_mfa import code_for

    make_user("fresh.mo@example.org", role="Monitoring Officer", totp=False)
    sign_in(client, "fresh.mo@example.org")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    client.post("/accounts/2fa/totp/activate/", {"code": code_for(secret)})
    return client


def reset_form_url(client, email, mailoutbox, django_capture_on_commit_callbacks, run_tasks):
    request_reset(client, email, django_capture_on_commit_callbacks, run_tasks)
    return client.get(reset_link(mailoutbox[-1]), follow=True).redirect_chain[-1][0]


PAGES = {
    "login": ("anonymous", "/accounts/login/", "Sign in"),
    "logout": ("councillor", "/accounts/logout/", "Sign out"),
    "signup closed": ("anonymous", "/accounts/signup/", "Sign-up is closed"),
    "password reset": ("anonymous", "/accounts/password/reset/", "Reset your password"),
    "password reset done": ("anonymous", "/accounts/password/reset/done/", "Check your email"),
    "password reset from key": ("reset", None, "Choose a new password"),
    "password reset from key done": ("anonymous", "/accounts/password/reset/key/done/", "Password changed"),
    "password change": ("councillor", "/accounts/password/change/", "Change your password"),
    "reauthenticate": ("new_officer", "/accounts/reauthenticate/", "Confirm it is you"),
    "mfa index": ("monitoring_officer", "/accounts/2fa/", "Two-factor authentication"),
    "totp activate": (
        "new_officer_confirmed",
        "/accounts/2fa/totp/activate/",
        "Set up two-factor authentication",
    ),
    "recovery codes": ("just_activated", "/accounts/2fa/recovery-codes/", "Your recovery codes"),
    "mfa authenticate": ("mfa_stage", "/accounts/2fa/authenticate/", "Enter your code"),
    "sessions": ("councillor", "/accounts/sessions/", "Where you are signed in"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_it_renders_each_account_page_in_the_site_layout(
    request, client, db, page, make_user, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    who, url, heading = PAGES[page]
    if who == "councillor":
        client.force_login(request.getfixturevalue("councillor"))
    elif who == "monitoring_officer":
        client.force_login(request.getfixturevalue("monitoring_officer"))
    elif who == "mfa_stage":
        request.getfixturevalue("monitoring_officer")
        sign_in(client, "mo@example.org")
    elif who in {"new_officer", "new_officer_confirmed"}:
        make_user("fresh.mo@example.org", role="Monitoring Officer", totp=False)
        sign_in(client, "fresh.mo@example.org")
        if who == "new_officer_confirmed":
            client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    elif who == "just_activated":
        with_new_totp(client, make_user)
    elif who == "reset":
        request.getfixturevalue("councillor")
        url = reset_form_url(
            client, "cllr.ward@example.org", mailoutbox, django_capture_on_commit_callbacks, run_tasks
        )
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert heading in content
    page_audit = audit(response)
    assert page_audit.h1 == 1
    assert page_audit.main
    assert "Fellbridge District Council" in page_audit.title
    assert page_audit.inline_styles == 0
    for field in page_audit.inputs:
        assert field.get("id") in page_audit.labels, f"no label for {field}"
    assert "Skip to main content" in content


def test_it_ignores_an_outside_next_address_from_the_back_office_sign_in(client, db):
    response = client.get("/back-office/login/?next=https://evil.example.com/")
    assert response["Location"] == "/accounts/login/?next=%2Fback-office%2F"


def test_it_words_the_password_change_form_plainly(client, councillor):
    client.force_login(councillor)
    page = client.get("/accounts/password/change/").content.decode()
    labels = [
        re.sub(r"<[^>]+>|\*", "", text).strip()
        for text in re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)
    ]
    assert labels == ["Current password", "New password", "New password again"]
    assert 'autocomplete="current-password"' in page
    assert 'autocomplete="new-password"' in page
