"""Liveness, readiness and the pages shown when things go wrong, without the database."""

import socket
import threading
import time

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from portal import health


def signed_in(client):
    from portal.models import User

    user = User.objects.create_user(email="reader@example.org", password="x-long-password-1")
    client.force_login(user)
    client.raise_request_exception = False
    return client


def health_threads():
    return [t for t in threading.enumerate() if t.name == "health-check"]


def wait_for_health_threads(seconds=5):
    deadline = time.monotonic() + seconds
    while health_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    return health_threads()


@pytest.fixture
def database_at(monkeypatch):
    """Point the health check's own connection at another address."""

    def point(port):
        original = health.database_settings

        def elsewhere():
            return {**original(), "HOST": "127.0.0.1", "PORT": str(port)}

        monkeypatch.setattr(health, "database_settings", elsewhere)

    return point


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server():
    """A socket that accepts TCP connections (via the backlog) but never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    wait_for_health_threads()
    server.close()


# --- /alive/ -------------------------------------------------------------------


def test_it_answers_alive_without_touching_the_database(client, django_db_blocker):
    with django_db_blocker.block():
        response = client.get("/alive/")
    assert response.status_code == 200
    assert response.content == b"OK"
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_alive_for_a_signed_in_visitor_without_loading_the_session(client, db, django_db_blocker):
    signed_in(client)
    with django_db_blocker.block():
        response = client.get("/alive/")
    assert response.status_code == 200
    assert response.content == b"OK"


# --- /health/ ------------------------------------------------------------------


def test_it_reports_a_healthy_database(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["database_ms"] >= 0


def test_it_reports_503_when_nothing_listens_on_the_database_port(client, db, database_at, closed_port):
    database_at(closed_port)
    started = time.monotonic()
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "OperationalError"}
    assert time.monotonic() - started < 2


def test_it_reports_503_within_two_seconds_when_the_database_never_answers(
    client, db, database_at, silent_server, settings
):
    assert settings.HEALTH_DATABASE_TIMEOUT <= 2
    database_at(silent_server)
    started = time.monotonic()
    response = client.get("/health/")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "timeout"}
    assert settings.HEALTH_DATABASE_TIMEOUT - 0.1 < elapsed < 2.2


def test_it_leaves_the_requests_own_connection_alone(client, db, database_at, silent_server):
    from portal.models import User

    User.objects.create_user(email="before@example.org")
    own_connection = connection.connection
    assert client.get("/health/").status_code == 200
    database_at(silent_server)
    assert client.get("/health/").status_code == 503
    assert connection.connection is own_connection
    assert not connection.needs_rollback
    assert User.objects.filter(email="before@example.org").exists()


def test_it_closes_the_health_check_connection_and_ends_its_thread(db, database_at, silent_server):
    assert health.check_database(1.0)[0] is True
    assert wait_for_health_threads() == []
    database_at(silent_server)
    assert health.check_database(0.5)[:2] == (False, "timeout")
    assert wait_for_health_threads() == []  # gives up by itself at the connect timeout


def test_it_closes_its_connection_after_a_successful_check(db, monkeypatch):
    opened = []
    real_connect = psycopg.connect

    def recording_connect(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(health.psycopg, "connect", recording_connect)
    assert health.check_database(1.0)[0] is True
    assert len(opened) == 1
    assert opened[0].closed


# --- Static error pages ------------------------------------------------------------


def test_it_shows_the_404_page_without_the_database(client, django_db_blocker):
    with django_db_blocker.block():
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<h1>Page not found</h1>" in response.content
    assert b'<main id="main-content"' in response.content


def test_it_shows_the_500_page_without_the_database(django_db_blocker):
    request = RequestFactory().get("/")
    with django_db_blocker.block():
        try:
            raise ValueError("a bug")
        except ValueError:
            response = health.server_error(request)
    assert response.status_code == 500
    assert b"Sorry, something went wrong" in response.content


def test_it_shows_the_503_page_for_a_database_error_without_the_database(django_db_blocker):
    request = RequestFactory().get("/")
    with django_db_blocker.block():
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            response = health.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert b"Sorry, the portal is unavailable" in response.content


def test_it_renders_every_error_page_without_a_request_or_the_database(django_db_blocker):
    from django.template.loader import render_to_string

    with django_db_blocker.block():
        for name, heading in [
            ("404.html", "Page not found"),
            ("500.html", "Sorry, something went wrong"),
            ("503.html", "Sorry, the portal is unavailable"),
        ]:
            html = render_to_string(name)
            assert f"<h1>{heading}</h1>" in html
            assert 'lang="en-GB"' in html


def test_it_shows_the_503_page_when_the_database_is_unreachable_during_a_request(client, db, closed_port):
    """The request runs in its own thread, whose (thread-local) connection points at a dead port."""
    client = signed_in(client)
    outcome = {}

    def request_with_database_down():
        from django.db import connections

        dead = connections["default"]
        dead.settings_dict = {**dead.settings_dict, "HOST": "127.0.0.1", "PORT": str(closed_port)}
        try:
            outcome["response"] = client.get("/")
        finally:
            dead.close()

    worker = threading.Thread(target=request_with_database_down)
    worker.start()
    worker.join(30)
    response = outcome["response"]
    assert response.status_code == 503
    assert b"Sorry, the portal is unavailable" in response.content
    assert response["Retry-After"] == "120"
    assert client.get("/").status_code == 200  # this thread's connection was never touched


def test_it_shows_the_503_page_when_a_view_meets_a_database_error(client_meeting_database_error):
    response = client_meeting_database_error.get("/")
    assert response.status_code == 503
    assert b"Sorry, the portal is unavailable" in response.content
