"""Liveness and readiness checks, and the pages shown when the database is away."""

import copy
import logging
import math
import sys
import threading
import time

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.db.utils import load_backend
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def database_settings() -> dict:
    """The default database's settings, for a throw-away connection that gives up quickly."""
    params = copy.deepcopy(connections.settings[DEFAULT_DB_ALIAS])
    # libpq will not wait less than two seconds to connect.
    connect_timeout = max(2, math.ceil(settings.HEALTH_DATABASE_TIMEOUT))
    params["OPTIONS"] = {**params.get("OPTIONS", {}), "connect_timeout": connect_timeout}
    params["CONN_MAX_AGE"] = 0
    params["CONN_HEALTH_CHECKS"] = False
    return params


def ping_database(params: dict) -> float:
    """Open a private connection, run SELECT 1, close it; return the milliseconds taken.

    The connection is psycopg's own, made and closed here: it never touches
    the thread-local connections Django hands to views (nor their
    connection_created hooks), so a check can neither reuse nor spoil them.
    """
    started = time.monotonic()
    wrapper = load_backend(params["ENGINE"]).DatabaseWrapper(params, DEFAULT_DB_ALIAS)
    conn_params = wrapper.get_connection_params()  # builds the arguments; does not connect
    conn_params.pop("cursor_factory", None)
    with psycopg.connect(**conn_params, autocommit=True) as connection:
        connection.execute("SELECT 1").fetchone()
    return (time.monotonic() - started) * 1000


def check_database(timeout: float) -> tuple[bool, str, float | None]:
    """Ping the database in a worker thread and wait at most ``timeout`` seconds.

    A database that accepts connections but never answers would otherwise hold
    the request until the connect timeout; the daemon thread is left to give up
    on its own.
    """
    outcome: dict = {}
    params = database_settings()

    def work():
        try:
            outcome["ms"] = ping_database(params)
        except (DatabaseError, psycopg.Error) as exc:
            outcome["error"] = type(exc).__name__
        except Exception as exc:  # never let a failed check look like a pass
            logger.exception("Health check failed unexpectedly")
            outcome["error"] = type(exc).__name__

    worker = threading.Thread(target=work, name="health-check", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return False, "timeout", None
    if "ms" not in outcome:
        return False, outcome.get("error", "unknown"), None
    return True, "ok", outcome["ms"]


@never_cache
def alive(request):
    """The process is up. Touches nothing else."""
    return HttpResponse("OK", content_type="text/plain")


@never_cache
def health(request):
    """The process can reach its database, quickly."""
    ok, state, elapsed_ms = check_database(settings.HEALTH_DATABASE_TIMEOUT)
    if not ok:
        return JsonResponse({"status": "error", "database": state}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "database_ms": round(elapsed_ms, 1)})


def database_unavailable_response() -> HttpResponse:
    """The static 'service unavailable' page; renders without the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "120"
    return response


def server_error(request):
    """handler500: a database outage is a 503 to come back from, not a bug.

    Errors raised in middleware (loading the session or the user) never reach
    DatabaseUnavailableMiddleware.process_exception, but they do reach here,
    while the exception is still being handled.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable_response()
    return HttpResponse(render_to_string("500.html"), status=500)


class ProbeMiddleware:
    """Answer /alive/ and /health/ before the session, the user or anything else is loaded.

    A probe sent with a session cookie (a person checking by hand, a monitor that keeps
    cookies) would otherwise load the session from the database first, and /alive/ would
    say 503 during an outage, when it matters most that it says the process is up.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._probes = None

    def probes(self):
        if self._probes is None:
            from django.urls import reverse

            self._probes = {reverse("alive"): alive, reverse("health"): health}
        return self._probes

    def __call__(self, request):
        probe = self.probes().get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
