"""Issue 13, item 6: the database stops and comes back; gunicorn with production settings rides it out.

The node reaches PostgreSQL through a proxy the test cuts, which resets every open
connection and refuses new ones, as a stopped server does. While it is cut the node
still answers /alive/, says 503 on /health/ within two seconds, and shows the static
503 page (never a 500); once it is back the same worker processes serve pages again.
"""

import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from complaints.models import Complaint
from portal.models import OutboxMessage
from tests.ops.conftest import councillor, session_cookies
from tests.ops.proxy import DatabaseProxy
from tests.ops.servers import Browser, Gunicorn, Worker, base_environment, database_url

pytestmark = [pytest.mark.ops, pytest.mark.django_db]

PAGES = ["/complaints/", "/", "/training/"]


@pytest.fixture(scope="module")
def proxy(live_db):
    database = connection.settings_dict
    proxy = DatabaseProxy(database["HOST"] or "127.0.0.1", database["PORT"] or 5432)
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def proxied_environment(proxy):
    return base_environment(
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        PORTAL_ENCRYPTION_KEYS=",".join(settings.PORTAL_ENCRYPTION_KEYS),
        DATABASE_URL=database_url(host="127.0.0.1", port=proxy.port),
    )


@pytest.fixture(scope="module")
def node(proxied_environment, log_dir):
    server = Gunicorn("outage-web", proxied_environment, log_dir, workers=2)
    try:
        yield server.wait_ready()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def worker(proxied_environment, log_dir):
    process = Worker("outage-worker", proxied_environment, log_dir)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def reader(live_db, django_db_blocker):
    """A councillor's browser, signed in."""
    with django_db_blocker.unblock():
        user = councillor(name="Morgan Hale")
        browser = Browser(timeout=20)
        browser.cookies.update(session_cookies(user))
    return browser


def visit_every_worker(node, browser, path, times=8):
    return [browser.get(node.url, path) for _ in range(times)]


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_it_rides_out_a_database_outage_and_recovers_without_a_restart(node, proxy, reader):
    # Before: every worker has served pages and holds a connection to the database.
    for path in PAGES:
        assert {r.status for r in visit_every_worker(node, reader, path)} == {200}, path
    assert "Morgan Hale" in reader.get(node.url, "/").text
    workers_before = node.worker_pids()
    assert len(workers_before) == 2
    assert proxy.open_connections >= 1
    anonymous = Browser(timeout=20)
    assert anonymous.get(node.url, "/complaints/").status == 200  # a form open when the database stops

    proxy.cut()
    try:
        alive, alive_seconds = timed(lambda: reader.get(node.url, "/alive/"))
        assert alive.status == 200 and alive_seconds < 2

        health, health_seconds = timed(lambda: reader.get(node.url, "/health/"))
        assert health.status == 503
        assert health_seconds < 2
        assert '"status": "error"' in health.text

        # The blank complaint form reads nothing from the database (the councillor is found
        # with a search), so it still opens; the register of decisions reads the database.
        assert anonymous.get(node.url, "/complaints/").status == 200
        for browser, path in [(reader, p) for p in PAGES] + [(anonymous, "/complaints/decisions/")]:
            for response in visit_every_worker(node, browser, path, times=4):
                assert response.status == 503, (path, response.status, response.text[:300])
                assert response.header("Retry-After") == "120"
                assert "unavailable" in response.text.lower()
                assert "Traceback" not in response.text
        # A form sent during the outage: the same page, not a 500.
        # (The complaint form checks the fields before anything reads the database, so an
        # incomplete one is shown again with its errors; a page that reads the database: 503.)
        posted = anonymous.post(node.url, "/complaints/", {"complainant_name": "Sam Walker"})
        assert posted.status == 400 and "Sam Walker" in posted.text, posted.text[:300]
        posted = reader.post(node.url, "/contact/", {"subject": "Outage", "message": "Hello"})
        assert posted.status == 503, posted.text[:300]
        assert posted.header("Retry-After") == "120"
    finally:
        proxy.restore()

    # After: the same workers, no restart, serve pages again (their dead connections replaced).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and reader.get(node.url, "/health/").status != 200:
        time.sleep(0.2)
    assert reader.get(node.url, "/health/").status == 200
    for path in PAGES:
        assert {r.status for r in visit_every_worker(node, reader, path)} == {200}, path
    assert "Morgan Hale" in reader.get(node.url, "/").text
    assert node.worker_pids() == workers_before
    assert node.log_text().count("Booting worker") == 2, node.output()


def test_its_access_log_leaves_out_the_token_in_a_status_link(node):
    token = "Zq3xY8notARealToken0123456789"
    assert Browser().get(node.url, f"/complaints/status/{token}/").status == 404
    line = '"GET /complaints/status/[token removed]/ HTTP/1.1" 404'
    deadline = time.monotonic() + 10  # the line is written just after the response is sent
    while line not in node.log_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert line in node.log_text()
    assert token not in node.log_text()


def test_a_task_worker_waits_out_the_outage_and_then_sends_what_is_queued(node, proxy, worker):
    deadline = time.monotonic() + 60
    while "Starting worker" not in worker.log_text() and time.monotonic() < deadline:
        assert worker.popen.poll() is None, worker.output()
        time.sleep(0.2)
    time.sleep(1)  # polling, with a connection open
    proxy.cut()
    try:
        time.sleep(4)  # several polls and a retry meet the refused connection
        assert worker.popen.poll() is None, worker.output()
        assert "Database unavailable" in worker.log_text()
    finally:
        proxy.restore()

    browser = Browser(forwarded_for="203.0.113.66")
    browser.get(node.url, "/complaints/")
    token = str(uuid.uuid4())
    sent = browser.post(
        node.url,
        "/complaints/",
        {
            "form_token": token,
            "complainant_name": "Sam Walker",
            "complainant_email": "sam.walker@example.net",
            "subject": "unknown",
            "subject_description": "The chair of Amberley Parish Council",
            "what_happened": "At the parish meeting the councillor shouted at a resident asking about money.",
            "incident_date": "2026-10-14",
            "incident_place": "Amberley village hall",
            "outcome_sought": "A public apology to the resident.",
            "declaration": "on",
        },
    )
    assert sent.status == 302, sent.text[:500]
    assert Complaint.objects.filter(form_token=token).exists()
    deadline = time.monotonic() + 60
    while OutboxMessage.objects.filter(sent_at__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(0.3)
    assert OutboxMessage.objects.exists()
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists(), worker.output()
    assert worker.popen.poll() is None
