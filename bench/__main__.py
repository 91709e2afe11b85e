"""`make bench`: the portal's key pages as users feel them, at two scales.

For each scale (small: the demo's size; large: issue 15's) it
  1. fills its own database (<name>_bench_small, <name>_bench_large) once, with
     bulk inserts, and reuses it while the builders are unchanged (a marker row
     holds the scale and a hash of the builders' source);
  2. signs in each persona (a session made in the database) and requests each
     page once through Django to record its status and query count;
  3. starts gunicorn with production settings (2 sync workers) and loads each
     page with wrk at 16 connections for a few seconds, `/alive/` first;
then judges every page against issue 15's targets and writes bench/results.md.
Misses are reported and do not fail the run; a page that answers anything but
2xx does (exit status 1).
"""

import argparse
import datetime
import hashlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import results, wrk
from bench.scale import SCALES, step

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
HARNESS = {"__init__.py", "__main__.py", "prepare.py", "results.py", "wrk.py"}
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front of gunicorn says


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="small,large", help="comma-separated: small, large")
    parser.add_argument("--seconds", type=float, default=5, help="wrk's run per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (the server needs the cores)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--statement-timeout", type=int, default=10, help="seconds a page's query may run (0: no limit)"
    )
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    parser.add_argument("--reseed", action="store_true", help="make the data again even if it is there")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--readme", action="store_true", help="also put the table in README.md")
    parser.add_argument(
        "--note", default="", help="a remark for the results file (say if the machine was busy)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    load_before = _load()
    wrk.wrk_path()  # fail early with a clear message
    WORK.mkdir(parents=True, exist_ok=True)
    env = production_env()
    cache = private_redis()
    if cache is not None:
        env["REDIS_URL"] = cache.url
    run = {"scales": {}}
    try:
        return _run(args, env, run, cache, started, load_before)
    finally:
        if cache is not None:
            cache.stop()


def _run(args, env, run, cache, started, load_before) -> int:
    for name in [part.strip() for part in args.scales.split(",") if part.strip()]:
        scale = SCALES[name]
        print(f"\n== {name} scale", flush=True)
        url = scale_database_url(name)
        version = builders_version(scale)
        if cache is not None:
            cache.flush()  # each scale starts with an empty cache, as after a deploy
        fresh_database(url, scale=name, version=version, reseed=args.reseed, env=env)
        try:
            prepared = prepare(name, url, version, env, args)
        except subprocess.CalledProcessError:
            print(f"\nPreparing the {name} scale failed (the error is above).", file=sys.stderr)
            return 1
        measured = measure(prepared["pages"], url=url, env=env, args=args, scale=name)
        run["scales"][name] = {**prepared, **measured}
        (WORK / f"{name}-notes.txt").write_text("\n".join(prepared["notes"]) + "\n")
    run["meta"] = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "cores": os.cpu_count(),
        "load_before": load_before,
        "load_after": _load(),
        "note": args.note,
        "cache": "Redis (a private redis-server)" if cache is not None else _cache_in_use(env),
        "workers": args.workers,
        "connections": args.connections,
        "threads": args.threads,
        "seconds": args.seconds,
        "total_seconds": time.perf_counter() - started,
    }
    text = results.render(run)
    Path(args.output).write_text(text)
    (WORK / "last-run.json").write_text(json.dumps(run, indent=1, default=str))
    if args.readme:
        readme = ROOT / "README.md"
        readme.write_text(results.update_readme(readme.read_text(), run))
    print()
    print(results.table(run, results.evaluate(run)))
    print(f"\nWritten to {args.output}; query plans and notes in {WORK}/<scale>-notes.txt")
    print(f"Whole run: {run['meta']['total_seconds']:.0f} s")
    errors = results.failed(run)
    if errors:
        print("\nPages that errored (the run fails):\n  " + "\n  ".join(errors))
        return 1
    print("\nNo page errored; missed targets are listed in the results file and do not fail the run.")
    return 0


def production_env() -> dict:
    """The settings production runs with, on this machine's loopback address.

    A real secret key and encryption key, made once and kept in var/bench/ (the
    encrypted TOTP keys in the bench databases need the same one next time).
    DEBUG off and PORTAL_LOCAL_DEMO off, so the cookies are Secure and named
    __Host-; the requests carry X-Forwarded-Proto: https as a TLS proxy's would
    (DJANGO_BEHIND_PROXY), so nothing is redirected and the cookies are sent.
    """
    keys_file = WORK / "keys.json"
    if keys_file.exists():
        keys = json.loads(keys_file.read_text())
    else:
        from cryptography.fernet import Fernet

        keys = {"secret_key": secrets.token_urlsafe(50), "encryption_key": Fernet.generate_key().decode()}
        keys_file.write_text(json.dumps(keys))
        keys_file.chmod(0o600)
    env = {key: value for key, value in os.environ.items() if key != "PORTAL_LOCAL_DEMO"}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=keys["secret_key"],
        PORTAL_ENCRYPTION_KEYS=keys["encryption_key"],
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_BEHIND_PROXY="1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",  # nothing leaves the machine
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


class PrivateRedis:
    """A redis-server of the bench's own on a free loopback port, nothing saved to disk:
    production keeps its cache and sessions in Redis (README, Production)."""

    def __init__(self, binary: str):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, our arguments
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=WORK,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while self.command(b"PING") != b"+PONG":
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise SystemExit("the bench's redis-server did not start")
            time.sleep(0.1)

    def command(self, name: bytes) -> bytes:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as conn:
                conn.sendall(name + b"\r\n")
                return conn.recv(64).strip()
        except OSError:
            return b""

    def flush(self):
        self.command(b"FLUSHALL")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def private_redis() -> PrivateRedis | None:
    """The bench's own Redis, or None where redis-server is not installed (then
    REDIS_URL from the environment is used if set, else the database cache)."""
    import shutil

    binary = shutil.which("redis-server")
    if binary is None:
        print("  (redis-server is not installed: the cache is REDIS_URL's, or the database's)", flush=True)
        return None
    return PrivateRedis(binary)


def _cache_in_use(env) -> str:
    return "Redis at REDIS_URL" if env.get("REDIS_URL") else "the database (no Redis: slower than production)"


def scale_database_url(scale: str) -> str:
    url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/member_portal"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + f"_bench_{scale}"))


def builders_version(scale) -> str:
    """A hash of what makes the data: the bench builders, and the demo's for the small scale."""
    files = sorted(path for path in (ROOT / "bench").glob("*.py") if path.name not in HARNESS)
    if scale.seed_demo:
        files += sorted(ROOT.glob("*/demo/*.py")) + [ROOT / "portal/management/commands/seed_demo.py"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def fresh_database(url: str, *, scale: str, version: str, reseed: bool, env: dict) -> None:
    """Keep the scale's database if its marker row matches these builders; otherwise start again."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reseed:
            with psycopg.connect(url) as conn:
                marker = conn.execute(
                    "SELECT version FROM bench_marker WHERE scale = %s"
                    if conn.execute("SELECT to_regclass('bench_marker')").fetchone()[0]
                    else "SELECT NULL WHERE %s IS NULL",
                    [scale],
                ).fetchone()
            if marker and marker[0] == version:
                return
            print(f"  the builders changed since {name} was seeded: starting it again", flush=True)
        if exists:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        template = migrated_template(admin, env)
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


_migrated = []


def migrated_template(admin, env) -> str:
    """An empty database with every migration applied, that a scale's database is
    copied from: the migrations run once a run, not once a scale."""
    url = scale_database_url("template")
    name = urlsplit(url).path.lstrip("/")
    if not _migrated:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
        with step("migrations (into the template both scales are copied from)"):
            for command in (["migrate", "--noinput"], ["createcachetable"]):
                subprocess.run(  # noqa: S603 - our own interpreter and arguments
                    [sys.executable, "manage.py", *command, "--verbosity=0"],
                    env={**env, "DATABASE_URL": url},
                    cwd=ROOT,
                    check=True,
                )
        _migrated.append(name)
    return name


def prepare(scale: str, url: str, version: str, env: dict, args) -> dict:
    out = WORK / f"{scale}-prepared.json"
    out.unlink(missing_ok=True)
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            *(sys.executable, "-m", "bench.prepare", "--scale", scale, "--version", version),
            *("--out", str(out), "--statement-timeout", str(args.statement_timeout), "--only", args.only),
        ],
        env={**env, "DATABASE_URL": url},
        cwd=ROOT,
        check=True,
    )
    return json.loads(out.read_text())


class Server:
    """gunicorn with production settings on a free loopback port."""

    def __init__(self, *, url, env, args, scale):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={args.workers}",
            "--worker-class=sync",
            "--timeout=120",
            "--graceful-timeout=5",
            "--log-level=warning",
        ]
        self.env = {**env, "DATABASE_URL": url}
        self.log = (WORK / f"gunicorn-{scale}.log").open("w")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, our arguments
            self.command, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        _wait_alive(self.port, self.process)
        # One worker answered; load /alive/ for a second (not counted) so that
        # every worker has loaded the application before anything is measured.
        wrk.run(self.base + "/alive/", headers=dict(PROXY_HEADERS), seconds=1, connections=4, threads=1)

    def stop(self):
        if self.process is None:
            return
        self.process.send_signal(signal.SIGINT)  # quick shutdown: abandon what is queued
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def settle(self):
        """Let the requests wrk left queued finish, so that they do not slow the next
        page; if they would take long (a slow page), start the server again instead."""
        if not _drain(self.port, seconds=5):
            print("    (requests still queued after 5 s: restarting gunicorn)", flush=True)
            self.stop()
            self.start()


def measure(pages, *, url, env, args, scale) -> dict:
    server = Server(url=url, env=env, args=args, scale=scale)
    try:
        server.start()
        print(
            f"  gunicorn on {server.base}: {args.workers} workers; wrk {args.connections} connections, "
            f"{args.seconds:g} s a page",
            flush=True,
        )
        alive = _load_page(server.base, "/alive/", None, args)
        alive_row = _row(alive)
        print(
            f"  {'/alive/':38} req/s {alive.rps:8.1f}  p50 {alive.p50_ms or 0:7.1f} ms  "
            f"p99 {alive.p99_ms or 0:7.1f} ms",
            flush=True,
        )
        measured = []
        for page in pages:
            if page["location"].startswith("(after"):  # the statement timeout stopped it: no use loading it
                measured.append({**page, **_row(None)})
                print(f"  {page['label'][:38]:38} not loaded: {page['location']}", flush=True)
                continue
            if page["single_ms"] < 2000:  # warm the worker, and see the status gunicorn gives
                status = _get(server.port, page["path"], page["cookie"])
                if status != page["status"]:
                    page = {**page, "status": status, "location": "(through gunicorn)"}
            result = _load_page(server.base, page["path"], page["cookie"], args)
            row = {**page, **_row(result)}
            measured.append(row)
            ratio = result.rps / alive.rps if alive.rps else 0
            flag = "  ERRORS" if result.failed or not 200 <= row["status"] <= 299 else ""
            print(
                f"  {page['label'][:38]:38} req/s {result.rps:8.1f}  p50 {result.p50_ms or 0:7.1f} ms  "
                f"p99 {result.p99_ms or 0:7.1f} ms  {page['queries']:3} queries  ×{ratio:.3f}{flag}",
                flush=True,
            )
            server.settle()
    finally:
        server.stop()
        server.log.close()
    return {"alive": alive_row, "pages": measured}


def _row(result: wrk.WrkResult | None) -> dict:
    if result is None:
        return {"requests": 0, "rps": None, "p50_ms": None, "p99_ms": None, "non2xx": 0, "statuses": {}}
    return {
        "requests": result.requests,
        "rps": result.rps,
        "p50_ms": result.p50_ms,
        "p99_ms": result.p99_ms,
        "non2xx": result.non2xx,
        "statuses": result.statuses,
        "socket_errors": result.socket_errors,
        "timeouts": result.timeouts,
    }


def _load_page(base, path, cookie, args) -> wrk.WrkResult:
    headers = dict(PROXY_HEADERS)
    if cookie:
        headers["Cookie"] = cookie
    return wrk.run(
        base + path, headers=headers, seconds=args.seconds, connections=args.connections, threads=args.threads
    )


def _get(port, path, cookie, timeout=120) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = dict(PROXY_HEADERS)
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _wait_alive(port, server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}); see {WORK}/gunicorn-*.log")
        try:
            if _get(port, "/alive/", None, timeout=2) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /alive/ within 60 s")


def _drain(port, *, seconds) -> bool:
    """True once /alive/ answers quickly again (the queue is empty) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            _get(port, "/alive/", None, timeout=max(0.1, deadline - time.monotonic()))
        except OSError:
            return False
        if time.perf_counter() - started < 0.05:
            return True
    return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _commit() -> str:
    def git(*args):
        return subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = [
        line for line in git("status", "--porcelain").splitlines() if not line.endswith("bench/results.md")
    ]
    return commit + (" (with uncommitted changes)" if dirty else "")


if __name__ == "__main__":
    sys.exit(main())
