"""Real processes for the operations tests: gunicorn nodes, task workers, Redis, a database proxy.

Each is started with subprocess in its own process group, waited for (gunicorn by polling
/alive/), and killed with its whole group when the test module ends.
"""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(*, host=None, port=None) -> str:
    """The URL of the database this test run uses (pytest-django's test database)."""
    settings = connection.settings_dict
    user = urllib.parse.quote(settings["USER"] or "", safe="")
    password = settings["PASSWORD"] or ""
    credentials = f"{user}:{urllib.parse.quote(password, safe='')}" if password else user
    host = host or settings["HOST"] or "127.0.0.1"
    port = port or settings["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{settings['NAME']}"


def base_environment(**overrides) -> dict:
    """Production settings (portal.settings, DEBUG off) on loopback, against the test database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "DATABASE_", "REDIS_", "PYTEST", "GUNICORN"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_DEBUG": "0",
            # Production behaviour over plain http on loopback (see README, Configuration).
            "PORTAL_LOCAL_DEMO": "1",
            "DATABASE_URL": database_url(),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


class Process:
    """A child process in its own process group, its output kept in a file for failure reports."""

    def __init__(self, name, args, env, log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    @property
    def pid(self):
        return self.popen.pid

    def output(self, last=4000) -> str:
        """The end of what the process wrote (for failure messages)."""
        return self.log_text()[-last:]

    def log_text(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
            except ProcessLookupError:
                pass
        # Children left behind by a group leader that died first.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self._log.close()


class Gunicorn(Process):
    """One portal node: gunicorn with deploy/gunicorn.conf.py on a free loopback port."""

    def __init__(self, name, env, log_dir, *, workers=2, threads=1):
        self.port = free_port()
        env = {
            **env,
            "PORTAL_BIND": f"127.0.0.1:{self.port}",
            "PORTAL_WEB_WORKERS": str(workers),
            "PORTAL_WEB_THREADS": str(threads),
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        super().__init__(name, [str(gunicorn), "-c", str(GUNICORN_CONFIG), "portal.wsgi"], env, log_dir)
        self.workers = workers

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, seconds=90):
        """Poll /alive/ until every worker is up (each answers), or fail with the log."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.popen.returncode}:\n{self.output()}")
            if len(self.worker_pids()) >= self.workers and _answers(self.port, "/alive/"):
                return self
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} was not ready after {seconds} s:\n{self.output()}")

    def worker_pids(self) -> set[int]:
        """The worker processes' ids (children of the gunicorn master)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            return {int(pid) for pid in children.read_text().split()}
        except OSError:
            return set()


class Worker(Process):
    """One task worker: manage.py run_worker (queued emails and the scheduled jobs)."""

    def __init__(self, name, env, log_dir):
        super().__init__(name, [sys.executable, "manage.py", "run_worker", "--interval", "0.2"], env, log_dir)


def _answers(port, path) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


class Redis(Process):
    """A private Redis on a free port, nothing saved to disk."""

    def __init__(self, log_dir):
        if not shutil.which("redis-server"):
            pytest.skip("redis-server is not installed (Debian/Ubuntu: apt-get install redis-server)")
        self.port = free_port()
        super().__init__(
            "redis",
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(log_dir),
            ],
            dict(os.environ),
            log_dir,
        )

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def wait_ready(self, seconds=20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"Redis did not start:\n{self.output()}")


# --- A small HTTP client -------------------------------------------------------------

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


class Browser:
    """Cookies and CSRF tokens across requests, to any node; no redirects followed.

    ``forwarded_for`` sends X-Forwarded-For as the reverse proxy would.
    """

    def __init__(self, forwarded_for=None, timeout=30):
        self.cookies: dict[str, str] = {}
        self.forwarded_for = forwarded_for
        self.timeout = timeout
        self.csrf_token = None

    def request(self, base_url, method, path, body=None, headers=None) -> Response:
        parsed = urllib.parse.urlsplit(base_url)
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=self.timeout)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            payload = raw.read()
            headers_seen = {}
            for key, value in raw.getheaders():
                if key.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
                else:
                    headers_seen[key.lower()] = value
            response = Response(raw.status, headers_seen, payload)
        finally:
            conn.close()
        found = CSRF_INPUT.search(response.body)
        if found:
            self.csrf_token = found.group(1).decode()
        return response

    def get(self, base_url, path) -> Response:
        return self.request(base_url, "GET", path)

    def post(self, base_url, path, data, headers=None) -> Response:
        fields = dict(data)
        if self.csrf_token and "csrfmiddlewaretoken" not in fields:
            fields["csrfmiddlewaretoken"] = self.csrf_token
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        sent = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request(base_url, "POST", path, body=body, headers=sent)
