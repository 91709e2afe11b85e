"""`make bench`: time the portal's main pages against a large generated data set.

Runs in its own database (<name>_bench) so the demo data is never touched, fills
it to the requested scale once, then requests each page through Django's test
client many times and reports the median and 95th percentile time and the
number of SQL queries. Each page has a target; the run lists any page that
misses it and exits 1.
"""

import argparse
import os
import statistics
import sys
import time
from urllib.parse import urlsplit, urlunsplit

TARGETS_MS = {  # median, on the 2-core reference machine
    "sign-in page": 30,
    "health check": 30,
    # The dashboards carry every feature's panels; the councillor's counts unread
    # guidance over the bench's 30,000 documents (about 40 ms of SQL on its own).
    "councillor dashboard": 150,
    "member support dashboard": 150,
    "back office: members": 150,
    "back office: member search": 150,
}

# Feature modules add their own data and pages. Each defines
#   build(people: dict) -> None            fill its tables (idempotent), adding to people
#   pages(people: dict) -> list[tuple[label, user or None, path, target_ms]]
# and may define
#   notes(people: dict) -> list[str]       extra lines for the report (e.g. EXPLAIN output)
# They are named after the app they measure (bench/<app label>.py) and run in
# INSTALLED_APPS order, lower layers first.


def feature_modules():
    import importlib
    import importlib.util

    from django.apps import apps

    names = [f"bench.{config.label}" for config in apps.get_app_configs()]
    return [importlib.import_module(name) for name in names if importlib.util.find_spec(name)]


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/member_portal"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench"))


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=4000, help="district members to generate")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page")
    args = parser.parse_args()

    url = bench_database_url()
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from bench import data

    people = data.build(members=args.members)
    features = feature_modules()
    for feature in features:
        feature.build(people)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum keeps them in production
    extra_pages = [page for feature in features for page in feature.pages(people)]
    results = run_pages(people, repeat=args.repeat, extra_pages=extra_pages)
    status = report(results, members=args.members)
    for feature in features:
        for line in getattr(feature, "notes", lambda people: [])(people):
            print(line)
    return status


def run_pages(people, *, repeat, extra_pages=()):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = [
        ("sign-in page", None, "/accounts/login/"),
        ("health check", None, "/health/"),
        ("councillor dashboard", people["councillor"], "/"),
        ("member support dashboard", people["support"], "/"),
        ("back office: members", people["support"], "/back-office/portal/member/"),
        ("back office: member search", people["support"], "/back-office/portal/member/?q=Hartwell"),
    ]
    targets = dict(TARGETS_MS)
    for label, user, path, target_ms in extra_pages:
        pages.append((label, user, path))
        targets[label] = target_ms
    results = []
    for label, user, path in pages:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(path)  # warm caches and connections
        # Each request starts by clearing the query log (request_started), so
        # start the capture from an empty log.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        query_count = len(captured)  # read now: it is a view on the live query log
        timings = []
        for _ in range(repeat):
            reset_queries()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results.append(
            {
                "page": label,
                "status": response.status_code,
                "queries": query_count,
                "median_ms": statistics.median(timings),
                "p95_ms": timings[int(len(timings) * 0.95) - 1],
                "target_ms": targets[label],
            }
        )
    return results


def report(results, *, members) -> int:
    print(f"\nMember Support Portal benchmark: {members} district members\n")
    print(f"{'page':40} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'target':>7}")
    missed = []
    for row in results:
        ok = row["status"] == 200 and row["median_ms"] <= row["target_ms"]
        if not ok:
            missed.append(row["page"])
        print(
            f"{row['page']:40} {row['status']:>6} {row['queries']:>7} {row['median_ms']:>10.1f} "
            f"{row['p95_ms']:>8.1f} {row['target_ms']:>7}{'' if ok else '  MISSED'}"
        )
    if missed:
        print(f"\nMissed targets: {', '.join(missed)}")
        return 1
    print("\nEvery page met its target.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
