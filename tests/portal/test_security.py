"""Security headers on every kind of page, and production-only hardening."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
ROOT = Path(__file__).resolve().parents[2]


def assert_security_headers(response):
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("anonymous", "/accounts/login/", 200),
        ("anonymous", "/accounts/password/reset/", 200),
        ("anonymous", "/accounts/signup/", 200),
        ("anonymous", "/", 302),
        ("anonymous", "/no-such-page/", 404),
        ("anonymous", "/alive/", 200),
        ("anonymous", "/health/", 200),
        ("councillor", "/", 200),
        ("councillor", "/accounts/password/change/", 200),
        ("councillor", "/accounts/sessions/", 200),
        ("member_support", "/back-office/", 200),
        ("member_support", "/back-office/portal/user/", 200),
        ("member_support", "/accounts/2fa/", 200),
    ],
    indirect=["persona"],
)
def test_it_sends_the_security_headers(db, client_for, persona, url, status):
    response = client_for(persona).get(url)
    assert response.status_code == status
    assert_security_headers(response)


def test_it_sends_the_security_headers_on_the_database_outage_page(client_meeting_database_error):
    response = client_meeting_database_error.get("/")
    assert response.status_code == 503
    assert_security_headers(response)


def test_it_uses_no_inline_script_or_style_on_the_sign_in_page(client, db):
    content = client.get("/accounts/login/").content.decode()
    assert "<style" not in content
    assert " style=" not in content
    assert "<script>" not in content
    assert "javascript:" not in content


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/accounts/login/", secure=True, HTTP_HOST="portal.example.gov.uk")
insecure = Client().get("/accounts/login/", HTTP_HOST="portal.example.gov.uk")
cookie = response.cookies.get(settings.CSRF_COOKIE_NAME)
print(json.dumps({
    "status": response.status_code,
    "hsts": response.headers.get("Strict-Transport-Security"),
    "csp": response.headers.get("Content-Security-Policy"),
    "insecure_status": insecure.status_code,
    "insecure_location": insecure.headers.get("Location"),
    "csrf_cookie": settings.CSRF_COOKIE_NAME,
    "csrf_secure": bool(cookie and cookie["secure"]),
    "csrf_path": cookie and cookie["path"],
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
}))
"""


@pytest.fixture(scope="module")
def production(django_db_blocker):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="p" * 20 + "-production-like-secret-key-for-tests-only",
        DJANGO_ALLOWED_HOSTS="portal.example.gov.uk",
        PORTAL_ENCRYPTION_KEYS="bvmYDLt3EU_ADUgCnc5b6-lCHwuZXPItkSq5hyVIoBQ=",
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_sends_hsts_in_production(production):
    assert production["status"] == 200
    assert production["hsts"] == "max-age=63072000; includeSubDomains; preload"
    assert production["csp"] == CSP


def test_it_redirects_plain_http_to_https_in_production(production):
    assert production["insecure_status"] == 301
    assert production["insecure_location"] == "https://portal.example.gov.uk/accounts/login/"


def test_it_uses_secure_host_prefixed_cookies_in_production(production):
    assert production["csrf_cookie"] == "__Host-csrftoken"
    assert production["csrf_secure"] is True
    assert production["csrf_path"] == "/"
    assert production["session_cookie"] == "__Host-sessionid"
    assert production["session_secure"] is True
    assert production["session_httponly"] is True


def test_it_sends_no_hsts_in_development(client, db):
    assert "Strict-Transport-Security" not in client.get("/accounts/login/", secure=True)
