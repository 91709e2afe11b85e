"""One scale's half of `make bench`, run in that scale's database (a subprocess
of ``python -m bench``, which sets DATABASE_URL and the production settings).

Migrates, seeds the data if asked (the demo's data first at the small scale,
then every bench builder), signs in each persona by making a session, and
requests each page once through Django's test client to record its status and
query count, and the query plan of its slowest query. Writes all that as JSON
for the parent, which then loads the pages over HTTP.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

COUNTED_TABLES = {
    "members": "portal_member",
    "authorities": "portal_authority",
    "documents": "guidance_document",
    "acknowledgements": "guidance_acknowledgement",
    "sessions": "training_session",
    "bookings": "training_booking",
    "completions": "training_completion",
    "questions": "advice_question",
    "messages": "advice_message",
    "complaints": "complaints_complaint",
    "case events": "complaints_caseevent",
}


def feature_modules():
    """bench/<app label>.py for each installed app that has one, lower layers first.

    Each defines
      build(people: dict) -> None     fill its tables once (quick when they are
                                      full), reading its counts from
                                      people["scale"] and adding the objects
                                      its pages need to ``people``;
      pages(people: dict) -> list of (label, user or None, path, kind), where
                                      kind is "member", "officer", "report",
                                      "public", or a p99 target in ms;
    and may define
      notes(people: dict) -> list[str]  extra lines (query plans) for
                                      var/bench/<scale>-notes.txt.
    """
    import importlib
    import importlib.util

    from django.apps import apps

    names = [f"bench.{config.label}" for config in apps.get_app_configs()]
    return [importlib.import_module(name) for name in names if importlib.util.find_spec(name)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", required=True)
    parser.add_argument("--version", required=True, help="hash of the builders, kept in the marker row")
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    parser.add_argument("--statement-timeout", type=int, default=10, help="seconds; 0 for none")
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import data
    from bench.scale import SCALES, step

    scale = SCALES[args.scale]
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")  # seeding and migrations take as long as they take
    with step("migrations"):
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_marker "
            "(scale text PRIMARY KEY, version text NOT NULL, seeded_at timestamptz NOT NULL, seconds float)"
        )
        cursor.execute("SELECT version FROM bench_marker WHERE scale = %s", [scale.name])
        row = cursor.fetchone()
    seeded = row is not None and row[0] == args.version
    seed_seconds = None
    started = time.perf_counter()
    if not seeded:
        print(f"  seeding the {scale.name} scale (once; later runs reuse it)", flush=True)
        if scale.seed_demo:
            with step("the demo's data (seed_demo)"):
                # --force: this database is the bench's own, thrown away when the builders change.
                call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    people = data.build({"scale": scale})
    features = feature_modules()
    for feature in features:
        feature.build(people)
    if not seeded:
        with step("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seed_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_marker (scale, version, seeded_at, seconds) VALUES (%s, %s, now(), %s) "
                "ON CONFLICT (scale) DO UPDATE SET version = EXCLUDED.version, "
                "seeded_at = EXCLUDED.seeded_at, seconds = EXCLUDED.seconds",
                [scale.name, args.version, seed_seconds],
            )
        print(f"  seeded in {seed_seconds:.0f} s", flush=True)
    else:
        print("  reusing the data seeded before (same builders)", flush=True)

    # Pages are measured with a statement timeout (in the database's settings,
    # so gunicorn's connections have it too): a page whose query runs for
    # minutes fails with an error instead of stalling the whole run.
    timeout = f"{args.statement_timeout}s"
    STATEMENT_TIMEOUT[0] = args.statement_timeout
    with connection.cursor() as cursor:
        name = connection.settings_dict["NAME"]
        cursor.execute(f"ALTER DATABASE \"{name}\" SET statement_timeout = '{timeout}'")
        cursor.execute(f"SET statement_timeout = '{timeout}'")
    pages = []
    for feature in [data, *features]:
        for label, user, path, kind in feature.pages(people):
            if args.only.lower() in label.lower():
                pages.append({"label": label, "user": user, "path": path, "kind": kind})
    # The floor: the cheapest pages there are (one sentence in the site's layout), signed in
    # and signed out. What every page pays before its own work; no target of their own.
    for label, user in (
        ("floor: smallest signed-in page", people["councillor"]),
        ("floor: smallest public page", None),
    ):
        if args.only.lower() in label.lower():
            pages.append({"label": label, "user": user, "path": "/contact/sent/", "kind": "floor"})
    with step(f"signing in and checking {len(pages)} pages once each"):
        checked = [check_page(page) for page in pages]
    notes = []
    for feature in features:
        try:
            notes.extend(getattr(feature, "notes", lambda people: [])(people))
        except Exception as error:  # noqa: BLE001 - a note is extra; the run goes on without it
            notes.append(f"({feature.__name__}.notes failed: {error!r})")
    with connection.cursor() as cursor:
        counts = {}
        for label, table in COUNTED_TABLES.items():
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - fixed names
            counts[label] = cursor.fetchone()[0]
        cursor.execute("SELECT seconds FROM bench_marker WHERE scale = %s", [scale.name])
        first_seed_seconds = cursor.fetchone()[0]
    Path(args.out).write_text(
        json.dumps(
            {
                "scale": scale.name,
                "seeded_now": not seeded,
                "seed_seconds": seed_seconds,
                "first_seed_seconds": first_seed_seconds,
                "counts": counts,
                "pages": checked,
                "notes": notes,
            },
            indent=1,
        )
    )
    return 0


_clients = {}
STATEMENT_TIMEOUT = [0]


def _client(user):
    """One signed-in test client per persona; its session cookie is what wrk sends."""
    from django.conf import settings
    from django.test import Client

    key = user.pk if user is not None else None
    if key not in _clients:
        client = Client(
            raise_request_exception=False,
            SERVER_NAME="127.0.0.1",
            headers={"X-Forwarded-Proto": "https"},
        )
        if user is not None:
            client.force_login(user)
        _clients[key] = client
    client = _clients[key]
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return client, (f"{settings.SESSION_COOKIE_NAME}={cookie.value}" if cookie else None)


def check_page(page) -> dict:
    """Request the page once to warm it, then count its queries, time three
    requests one at a time, and explain its slowest query."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client, cookie = _client(page["user"])

    def get():
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(page["path"])
            elapsed = (time.perf_counter() - started) * 1000
        return response, list(captured.captured_queries), elapsed

    response, queries, first_ms = get()
    counted_ms, timings = first_ms, [first_ms]
    if first_ms < 2000:  # warm now: count again, and time three; a slow page is timed once
        response, queries, counted_ms = get()
        timings = [get()[2] for _ in range(3)]
    result = {
        "label": page["label"],
        "path": page["path"],
        "kind": page["kind"],
        "persona": page["user"].email if page["user"] is not None else "(signed out)",
        "cookie": cookie,
        "status": response.status_code,
        "location": response.get("Location", ""),
        "queries": len(queries),
        "single_ms": statistics.median(timings),
        "counted_ms": counted_ms,  # the request whose queries were counted
        "sql_ms": sum(float(query["time"]) for query in queries) * 1000,
    }
    if not 200 <= response.status_code <= 299 and first_ms >= STATEMENT_TIMEOUT[0] * 1000 > 0:
        result["location"] = f"(after {first_ms / 1000:.0f} s: the statement timeout stopped it)"
    # A page the statement timeout stopped would only be stopped again: explain it without ANALYZE.
    timed_out = first_ms >= STATEMENT_TIMEOUT[0] * 1000 > 0
    result.update(explain_slowest(queries, analyse=not timed_out))
    if not timed_out and first_ms < 2000:
        result["profile"] = profile(lambda: client.get(page["path"]))
    return result


# Where a page's time goes, by the functions that stand for each part of the work.
PROFILE_PARTS = {
    "rendering templates": ("django/template/base.py", "render"),
    "running SQL (psycopg, waiting for PostgreSQL)": ("psycopg/cursor.py", "execute"),
    "building SQL (the ORM's compiler)": ("django/db/models/sql/compiler.py", "as_sql"),
    "cache reads and writes": ("django/core/cache/backends/", ""),
    "loading the signed-in user (session, user row)": ("django/contrib/auth/__init__.py", "get_user"),
}


def profile(request, *, times=5) -> dict:
    """cProfile ``request()`` ``times`` times: ms per request in each part of the work
    (PROFILE_PARTS) and the portal's own functions that cost the most (cumulative)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(times):
        request()
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = sum(tottime for (_, _, tottime, _, _) in stats.values()) * 1000 / times
    parts = {}
    for label, (path, name) in PROFILE_PARTS.items():
        # The outermost call's cumulative time (cProfile counts recursion once).
        parts[label] = (
            max(
                (
                    cumulative
                    for (filename, _, function), (_, _, _, cumulative, _) in stats.items()
                    if path in filename and (not name or function == name)
                ),
                default=0,
            )
            * 1000
            / times
        )
    root = str(Path(__file__).resolve().parent.parent)
    ours = sorted(
        (
            (cumulative * 1000 / times, f"{filename[len(root) + 1 :]}:{line} {function}")
            for (filename, line, function), (_, _, _, cumulative, _) in stats.items()
            if filename.startswith(root) and "/.venv/" not in filename and "/bench/" not in filename
        ),
        reverse=True,
    )
    return {"total_ms": total, "parts": parts, "ours": [[round(ms, 1), where] for ms, where in ours[:12]]}


def explain_slowest(queries, *, analyse=True) -> dict:
    """EXPLAIN ANALYZE the slowest SELECT the page ran (inside a rolled-back transaction)."""
    from django.db import connection, transaction

    selects = [q for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    if not selects:
        return {"slowest_ms": None, "slowest_sql": "", "plan": []}
    slowest = max(selects, key=lambda q: float(q["time"]))
    plan, analysed = [], False
    for explain in ("EXPLAIN (ANALYZE, BUFFERS) ", "EXPLAIN ")[0 if analyse else 1 :]:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = '10s'")
                cursor.execute(explain + slowest["sql"])
                plan = [row[0] for row in cursor.fetchall()]
                transaction.set_rollback(True)
            analysed = "ANALYZE" in explain
            break
        except Exception as error:  # noqa: BLE001 - a plan we cannot get is reported, not fatal
            plan = [f"({explain.strip()} failed: {str(error).strip()})"]
    if plan and not analysed and not plan[0].startswith("("):
        plan.insert(0, "(without ANALYZE: the query runs too long to run it again here)")
    return {"slowest_ms": float(slowest["time"]) * 1000, "slowest_sql": slowest["sql"][:2000], "plan": plan}


if __name__ == "__main__":
    sys.exit(main())
