"""Liveness and readiness checks for load balancers and monitoring."""

import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

# One long-lived thread does the checking, so a hung database never blocks the
# request for longer than HEALTH_DATABASE_TIMEOUT.
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="health")


def _ping_database() -> float:
    started = time.monotonic()
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()
    return (time.monotonic() - started) * 1000


@never_cache
def alive(request):
    """The process is up. Touches nothing else."""
    return HttpResponse("OK", content_type="text/plain")


@never_cache
def health(request):
    """The process can reach its database, quickly."""
    future = _executor.submit(_ping_database)
    try:
        elapsed_ms = future.result(timeout=settings.HEALTH_DATABASE_TIMEOUT)
    except FutureTimeout:
        return JsonResponse({"status": "error", "database": "timeout"}, status=503)
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "database_ms": round(elapsed_ms, 1)})
