"""Issue 13, item 8: two gunicorn nodes, one PostgreSQL, one Redis, two task workers.

What a second server must not break: a session made on one node works on the other,
the complaint form's rate limit counts across both, a booking race split across both
fills exactly the places, and each queued email is sent once although two workers
look for work.
"""

import email
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from complaints.models import Complaint
from portal.models import OutboxMessage
from tests.ops.conftest import councillor, session_cookies, training_session
from tests.ops.servers import Browser, Gunicorn, Redis, Worker, base_environment
from training.models import Booking

pytestmark = [pytest.mark.ops, pytest.mark.django_db]

PASSWORD = "a-long-and-unguessable-passphrase-27"


@pytest.fixture(scope="module")
def mail_dir(log_dir):
    folder = log_dir / "mail"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def cluster(live_db, log_dir, mail_dir):
    """Redis, nodes A and B, and two workers, all on one database; stopped in reverse order."""
    started = []
    try:
        redis = Redis(log_dir)
        started.append(redis)
        redis.wait_ready()
        env = base_environment(
            DJANGO_SECRET_KEY=settings.SECRET_KEY,
            PORTAL_ENCRYPTION_KEYS=",".join(settings.PORTAL_ENCRYPTION_KEYS),
            REDIS_URL=redis.url,
            PORTAL_TRUSTED_PROXY_COUNT=1,
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=mail_dir,
        )
        nodes = []
        for name in ("node-a", "node-b"):
            node = Gunicorn(name, env, log_dir, workers=2)
            started.append(node)
            nodes.append(node)
        for name in ("worker-1", "worker-2"):
            started.append(Worker(name, env, log_dir))
        for node in nodes:
            node.wait_ready()
        yield nodes
    finally:
        for process in reversed(started):
            process.stop()


@pytest.fixture(scope="module")
def people(live_db, django_db_blocker):
    """Committed rows: a councillor who signs in with a password, and twenty who book."""
    with django_db_blocker.unblock():
        morgan = councillor(name="Morgan Hale", password=PASSWORD)
        bookers = [councillor() for _ in range(20)]
        session = training_session(capacity=5)
        return {
            "morgan": morgan,
            "subject": bookers[0].member,
            "bookers": [(user.email, session_cookies(user)) for user in bookers],
            "session": session,
        }


def complaint_fields(subject, **overrides):
    fields = {
        "form_token": str(uuid.uuid4()),
        "website": "",
        "complainant_name": "Sam Walker",
        "complainant_email": "sam@example.net",
        "subject": str(subject.pk),
        "what_happened": "At the parish meeting the councillor shouted at a resident asking about money.",
        "incident_date": "2026-10-14",
        "incident_place": "Amberley village hall",
        "outcome_sought": "A public apology to the resident.",
        "declaration": "on",
    }
    fields.update(overrides)
    return fields


def test_a_session_made_on_one_node_works_on_the_other(cluster, people):
    node_a, node_b = cluster
    browser = Browser()
    assert browser.get(node_a.url, "/accounts/login/").status == 200
    signed_in = browser.post(
        node_a.url, "/accounts/login/", {"login": people["morgan"].email, "password": PASSWORD}
    )
    assert signed_in.status == 302, signed_in.text[:500]

    home_on_b = browser.get(node_b.url, "/")
    assert home_on_b.status == 200
    assert "Morgan Hale" in home_on_b.text
    assert "no-store" in home_on_b.header("Cache-Control")

    # Signing out on B ends the session on A too.
    assert browser.get(node_b.url, "/accounts/logout/").status == 200  # "Sign out?" and its form
    assert browser.post(node_b.url, "/accounts/logout/", {}).status == 302
    after = browser.get(node_a.url, "/")
    assert after.status == 302
    assert "/accounts/login/" in after.header("Location")


def test_the_complaint_forms_rate_limit_counts_across_both_nodes(cluster, people):
    node_a, node_b = cluster
    browser = Browser(forwarded_for="198.51.100.23")  # one visitor, behind the council's proxy
    browser.get(node_a.url, "/complaints/")
    marker = uuid.uuid4().hex[:8]
    answers = []
    for n in range(12):
        node = (node_a, node_b)[n % 2]
        fields = complaint_fields(people["subject"], complainant_email=f"rate-{marker}-{n}@example.net")
        answers.append(browser.post(node.url, "/complaints/", fields))

    statuses = [answer.status for answer in answers]
    assert statuses.count(302) == 10, statuses  # the per-address limit is 10 an hour, on both nodes together
    assert statuses[10:] == [429, 429], statuses
    assert "Please try again in about" in answers[-1].text
    stored = Complaint.objects.filter(complainant_email__startswith=f"rate-{marker}-")
    assert stored.count() == 10


def test_a_booking_race_split_across_both_nodes_fills_exactly_the_places(cluster, people):
    node_a, node_b = cluster
    session = people["session"]
    path = f"/training/sessions/{session.pk}/"
    browsers = []
    for n, (_, cookies) in enumerate(people["bookers"]):
        browser = Browser()
        browser.cookies.update(cookies)
        node = (node_a, node_b)[n % 2]
        assert browser.get(node.url, path).status == 200  # the page with the Book button
        browsers.append((node, browser))
    start = threading.Barrier(len(browsers))

    def book(pair):
        node, browser = pair
        start.wait(timeout=30)
        booked = browser.post(node.url, f"{path}book/", {})
        # The answer is on the page the booking returns to, shown by the other node.
        other = node_b if node is node_a else node_a
        return booked, browser.get(other.url, path)

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        results = list(pool.map(book, browsers))

    for booked, page in results:
        assert booked.status == 302 and booked.header("Location") == path
        assert page.status == 200
        assert ("Your place is booked" in page.text) != ("you are on the waiting list" in page.text)
    said_booked = sum("Your place is booked" in page.text for _, page in results)

    bookings = Booking.objects.filter(session=session)
    assert bookings.count() == 20  # each person once
    assert bookings.values("member").distinct().count() == 20
    assert bookings.filter(status=Booking.Status.BOOKED).count() == 5 == said_booked
    assert bookings.filter(status=Booking.Status.WAITING).count() == 15


def test_each_queued_email_is_sent_once_by_two_workers(cluster, people, mail_dir):
    # The tests above queued confirmation emails on both nodes; the two workers share them out.
    assert OutboxMessage.objects.count() >= 30
    deadline = time.monotonic() + 90
    while OutboxMessage.objects.filter(sent_at__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()

    messages = []
    for path in sorted(mail_dir.iterdir()):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    sent = Counter((message["To"], message["Subject"]) for message in messages)
    assert len(messages) == OutboxMessage.objects.count()
    assert [pair for pair, times in sent.items() if times > 1] == []
    recipients = {message["To"] for message in messages}
    assert {address for address, _ in people["bookers"]} <= recipients
    # Both workers took their share (each claims one task at a time).
    workers = Counter(worker for task in DBTaskResult.objects.all() for worker in task.worker_ids)
    assert len(workers) == 2, workers
