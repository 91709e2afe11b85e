"""Issue 13, item 9: load without loss, and chunked bodies held to the size limit, against gunicorn.

One node with production settings on loopback takes 500 public complaints and 500
bookings at once (plus repeated bookings, as double clicks). Every accepted submission
is stored exactly once, every refusal says why, and nothing answers 500 or drops the
connection.
"""

import random
import select
import shutil
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from django.conf import settings

from complaints.models import Complaint
from tests.ops.conftest import councillor, session_cookies, training_session
from tests.ops.servers import Browser, Gunicorn, Redis, base_environment
from training.models import Booking

pytestmark = [pytest.mark.ops, pytest.mark.django_db]

COMPLAINTS = 500
MEMBERS = 100
SESSIONS = 10
BOOKINGS_EACH = 5  # 100 members x 5 sessions = 500 bookings
CAPACITY = 30  # each session has 50 bookers: 30 places, 20 waiting
DOUBLE_CLICKS = 50
CLIENTS = 16
REQUEST_MAX_BYTES = 1024 * 1024


@pytest.fixture(scope="module")
def node(live_db, log_dir):
    # Redis as in production when it is installed; the database cache (also shared) otherwise.
    redis = Redis(log_dir) if shutil.which("redis-server") else None
    server = None
    try:
        if redis:
            redis.wait_ready()
        env = base_environment(
            DJANGO_SECRET_KEY=settings.SECRET_KEY,
            PORTAL_ENCRYPTION_KEYS=",".join(settings.PORTAL_ENCRYPTION_KEYS),
            REDIS_URL=redis.url if redis else "",
            PORTAL_TRUSTED_PROXY_COUNT=1,
            PORTAL_REQUEST_MAX_BYTES=REQUEST_MAX_BYTES,
            PORTAL_ACCESS_LOG="",  # a thousand lines of access log say nothing here
        )
        server = Gunicorn("load-web", env, log_dir, workers=3)
        yield server.wait_ready()
    finally:
        if server:
            server.stop()
        if redis:
            redis.stop()


@pytest.fixture(scope="module")
def rows(live_db, django_db_blocker):
    with django_db_blocker.unblock():
        members = [councillor() for _ in range(MEMBERS)]
        return {
            "subject": members[0].member,
            "members": [(user.member.pk, session_cookies(user)) for user in members],
            "sessions": [training_session(capacity=CAPACITY).pk for _ in range(SESSIONS)],
        }


def complaint_fields(subject, n, token):
    return {
        "form_token": token,
        "website": "",
        "complainant_name": f"Resident {n}",
        "complainant_email": f"load-{n}@example.net",
        "subject": str(subject.pk),
        "what_happened": f"Complaint number {n}: the councillor shouted at a resident asking about money.",
        "incident_date": "2026-10-14",
        "incident_place": "Amberley village hall",
        "outcome_sought": "A public apology to the resident.",
        "declaration": "on",
    }


class Outcome:
    def __init__(self, kind, key, status=None, location=None, text="", error=None):
        self.kind, self.key, self.status, self.location, self.text, self.error = (
            kind,
            key,
            status,
            location,
            text,
            error,
        )


def test_it_stores_every_accepted_submission_exactly_once_under_load(node, rows):
    subject = rows["subject"]
    # Each client thread holds a CSRF cookie from one visit, as a browser tab would.
    local = threading.local()

    def browser():
        if not hasattr(local, "browser"):
            local.browser = Browser(timeout=60)
            assert local.browser.get(node.url, "/complaints/").status == 200
        return local.browser

    def complain(n):
        token = str(uuid.uuid4())
        client = browser()
        client.forwarded_for = f"10.{n // 250}.{n % 250}.7"  # 500 visitors behind the proxy
        saved = {k: v for k, v in client.cookies.items() if k != "sessionid"}
        client.cookies = saved
        try:
            response = client.post(node.url, "/complaints/", complaint_fields(subject, n, token))
        except OSError as error:
            return Outcome("complaint", token, error=repr(error))
        return Outcome("complaint", token, response.status, response.header("Location"), response.text)

    def book(member_pk, cookies, session_pk):
        client = browser()
        client.forwarded_for = "10.200.0.1"
        client.cookies = {k: v for k, v in client.cookies.items() if k == "csrftoken"} | cookies
        try:
            response = client.post(node.url, f"/training/sessions/{session_pk}/book/", {})
        except OSError as error:
            return Outcome("booking", (member_pk, session_pk), error=repr(error))
        return Outcome("booking", (member_pk, session_pk), response.status, response.header("Location"))

    jobs = [(complain, (n,)) for n in range(COMPLAINTS)]
    for i, (member_pk, cookies) in enumerate(rows["members"]):
        for k in range(BOOKINGS_EACH):
            jobs.append((book, (member_pk, cookies, rows["sessions"][(i + k) % SESSIONS])))
    for i, (member_pk, cookies) in enumerate(rows["members"][:DOUBLE_CLICKS]):
        jobs.append((book, (member_pk, cookies, rows["sessions"][i % SESSIONS])))
    random.Random(13).shuffle(jobs)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        outcomes = list(pool.map(lambda job: job[0](*job[1]), jobs))
    elapsed = time.monotonic() - started
    print(f"\n{len(jobs)} submissions in {elapsed:.1f} s ({len(jobs) / elapsed:.0f} a second)")

    assert [o.error for o in outcomes if o.error] == []
    assert [o.status for o in outcomes if o.status >= 500] == []
    assert "Error handling request" not in node.log_text()

    complaints = [o for o in outcomes if o.kind == "complaint"]
    accepted = {o.key for o in complaints if o.status == 302}
    for refused in (o for o in complaints if o.status != 302):
        assert 400 <= refused.status < 500 and "Please" in refused.text, (refused.status, refused.text[:300])
    assert all(o.location == "/complaints/check-your-email/" for o in complaints if o.status == 302)
    stored = list(
        Complaint.objects.filter(complainant_email__startswith="load-").values_list("form_token", flat=True)
    )
    assert len(stored) == len(set(stored)) == len(accepted) == COMPLAINTS
    assert {str(token) for token in stored} == accepted

    bookings = [o for o in outcomes if o.kind == "booking"]
    assert len(bookings) == MEMBERS * BOOKINGS_EACH + DOUBLE_CLICKS
    for outcome in bookings:
        assert outcome.status == 302, outcome.status
        assert outcome.location == f"/training/sessions/{outcome.key[1]}/"
    made = Booking.objects.filter(session__in=rows["sessions"])
    pairs = list(made.values_list("member_id", "session_id"))
    assert len(pairs) == len(set(pairs)) == MEMBERS * BOOKINGS_EACH  # double clicks made nothing new
    assert set(pairs) == {o.key for o in bookings}
    for session_pk in rows["sessions"]:
        assert made.filter(session=session_pk, status=Booking.Status.BOOKED).count() == CAPACITY
        assert made.filter(session=session_pk, status=Booking.Status.WAITING).count() == 20


# --- Chunked bodies --------------------------------------------------------------------


def send_chunked(port, path, body: bytes, headers: dict, chunk=16 * 1024) -> tuple[int, bytes]:
    """POST ``body`` with Transfer-Encoding: chunked and no length; return the status and body.

    Stops sending as soon as the server answers (it may refuse before reading it all).
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Transfer-Encoding: chunked",
        "Connection: close",
    ]
    head += [f"{name}: {value}" for name, value in headers.items()]
    received = b""
    try:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        try:
            for start in range(0, len(body), chunk):
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered already
                piece = body[start : start + chunk]
                sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            else:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            received += data
    finally:
        sock.close()
    head, _, payload = received.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), payload


def test_it_refuses_a_chunked_body_over_the_limit(node):
    browser = Browser()
    browser.get(node.url, "/complaints/")
    padding = "x" * (REQUEST_MAX_BYTES + 200_000)
    body = urlencode({"csrfmiddlewaretoken": browser.csrf_token, "what_happened": padding}).encode()
    status, payload = send_chunked(
        node.port,
        "/complaints/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={browser.cookies['csrftoken']}",
        },
    )
    assert status == 413
    assert b"the most we accept at once is 1.0\xc2\xa0MB" in payload


def test_it_reads_a_chunked_body_within_the_limit(node, rows):
    browser = Browser(forwarded_for="10.250.0.1")
    browser.get(node.url, "/complaints/")
    token = str(uuid.uuid4())
    fields = complaint_fields(rows["subject"], 9999, token) | {"csrfmiddlewaretoken": browser.csrf_token}
    status, _ = send_chunked(
        node.port,
        "/complaints/",
        urlencode(fields).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={browser.cookies['csrftoken']}",
            "X-Forwarded-For": "10.250.0.1",
        },
        chunk=100,
    )
    assert status == 302
    assert Complaint.objects.filter(form_token=token).count() == 1
