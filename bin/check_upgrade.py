"""Prove that a database built by an older portal migrates to this code with no data change.

Run it as ``bin/check-upgrade [OLD_COMMIT]`` (default 783c21d, the main before advice/ and
reports/ became top-level apps). It

1. exports OLD_COMMIT with ``git archive`` into a temporary folder,
2. creates a scratch database, runs the old code's ``migrate`` and ``seed_demo`` in it,
3. adds a few audit-log and training events (the demo writes few) in the old columns,
   then fingerprints every table: its row count and an md5 of all its rows as text (a renamed
   or widened column gives the same text, a dropped, added or rewritten one does not),
   plus the content types and permission codenames by id,
4. runs THIS tree's ``migrate``, then ``makemigrations --check``,
5. fingerprints again and fails on any difference: a table gone, a row count or a row's
   content changed, a content type or permission renamed or renumbered.

``django_migrations`` may only grow; new tables may appear empty; new content types and
permissions may appear. ``--expect-change TABLE`` names a table an upgrade is meant to
rewrite (e.g. a data migration that encrypts a column); it is then only counted.
The scratch database is dropped at the end unless ``--keep`` is given.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
ALLOWED_TO_GROW = {"django_migrations", "django_content_type", "auth_permission"}
# Columns renamed by the shared event shape (portal.events.AbstractEvent): (table, old, new).
RENAMED = [
    ("advice_questionevent", "from_state", "from_status"),
    ("advice_questionevent", "to_state", "to_status"),
    ("complaints_caseevent", "from_stage", "from_status"),
    ("complaints_caseevent", "to_stage", "to_status"),
    ("complaints_caseevent", "reasons", "note"),
    ("training_event", "from_state", "from_status"),
    ("training_event", "to_state", "to_status"),
    ("portal_auditevent", "summary", "note"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", nargs="?", default="783c21d", help="the commit to upgrade from")
    parser.add_argument("--database", default="check_upgrade", help="scratch database name")
    parser.add_argument("--expect-change", action="append", default=[], metavar="TABLE")
    parser.add_argument("--no-demo", action="store_true", help="migrate an empty old database only")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL") or _database_env()
    url = urlunsplit(urlsplit(base_url)._replace(path="/" + args.database))
    admin_url = urlunsplit(urlsplit(base_url)._replace(path="/postgres"))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="check-upgrade-") as tmp:
        old_tree = Path(tmp) / "old"
        old_tree.mkdir()
        # The commands and paths are ours; args.old is a commit name git checks.
        archive = subprocess.run(  # noqa: S603
            ["git", "archive", args.old],  # noqa: S607
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive.stdout, check=True)  # noqa: S603, S607
        env = {**os.environ, "DATABASE_URL": url, "PORTAL_MEDIA_ROOT": str(Path(tmp) / "uploads")}
        _recreate(admin_url, args.database)
        try:
            step(f"old code ({args.old}): migrate" + ("" if args.no_demo else " and seed_demo"))
            manage(old_tree, env, "migrate", "--noinput", "-v", "0")
            if not args.no_demo:
                manage(old_tree, env, "seed_demo")
            add_rows_to_thin_trails(url)
            before = fingerprint(url)
            renamed_before = renamed_columns(url, new=False)
            step("new code: migrate")
            manage(ROOT, env, "migrate", "--noinput")
            step("new code: makemigrations --check")
            manage(ROOT, env, "makemigrations", "--check", "--dry-run")
            after = fingerprint(url)
            renamed_after = renamed_columns(url, new=True)
        finally:
            if not args.keep:
                _drop(admin_url, args.database)
    problems = compare(before, after, expected=set(args.expect_change))
    for (table, old, new), was, now in zip(RENAMED, renamed_before, renamed_after, strict=True):
        print(f"{table}.{old} -> {new}: {was[0]} filled values before, {now[0]} after")
        if was != now:
            problems.append(f"{table}.{old} -> {new} did not keep its values")
    rows = sum(count for count, _ in before["tables"].values())
    print(f"\n{len(before['tables'])} tables, {rows} rows checked in {time.monotonic() - started:.0f} s.")
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("OK: the old database migrated with no data change.")
    return 1 if problems else 0


def step(message: str) -> None:
    print(f"--- {message}", flush=True)


def manage(tree: Path, env: dict, *command: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *command], cwd=tree, env=env, check=True)  # noqa: S603


def fingerprint(url: str) -> dict:
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = {}
        for (table,) in cursor.fetchall():
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: E501, S608 (names come from pg_tables)
            )
            tables[table] = cursor.fetchone()
        cursor.execute("SELECT id, app_label, model FROM django_content_type")
        content_types = {row[0]: row[1:] for row in cursor.fetchall()}
        cursor.execute("SELECT id, content_type_id, codename FROM auth_permission")
        permissions = {row[0]: row[1:] for row in cursor.fetchall()}
    return {"tables": tables, "content_types": content_types, "permissions": permissions}


def add_rows_to_thin_trails(url: str) -> None:
    """The demo writes few audit and training events; add some to carry over (old or new columns)."""
    with psycopg.connect(url) as connection:
        note = _column(connection, "portal_auditevent", "summary", "note")
        from_, to_ = (
            _column(connection, "training_event", f"{side}_state", f"{side}_status")
            for side in ("from", "to")
        )
        for n in range(3):
            connection.execute(
                f"INSERT INTO portal_auditevent (created_at, action, object_id, {note}, data) "  # noqa: S608
                "VALUES (now(), 'role_changed', '', %s, '{}')",
                [f"Roles of someone{n}@example.org: councillor"],
            )
            connection.execute(
                f"INSERT INTO training_event (created_at, action, {from_}, {to_}, note) "  # noqa: S608
                "VALUES (now(), 'booking', 'booked', %s, %s)",
                ["cancelled" if n else "waitlisted", f"Upgrade check {n}"],
            )


def _column(connection, table: str, old: str, new: str) -> str:
    """``old`` if the table still has it (a database from before the rename), else ``new``."""
    found = connection.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s", [table, old]
    ).fetchone()
    return old if found else new


def renamed_columns(url: str, *, new: bool) -> list[tuple]:
    """Per renamed column: how many rows have a value, and an md5 of (id, value) in id order."""
    results = []
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        for table, old, renamed in RENAMED:
            column = renamed if new else _column(connection, table, old, renamed)
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE \"{column}\" <> ''), "  # noqa: S608 (names are constants)
                f"md5(coalesce(string_agg(id::text || ':' || \"{column}\", chr(10) ORDER BY id), '')) "
                f'FROM "{table}"'
            )
            results.append(cursor.fetchone())
    return results


def compare(before: dict, after: dict, *, expected: set) -> list[str]:
    problems = []
    for table, (count, digest) in before["tables"].items():
        if table not in after["tables"]:
            problems.append(f"table {table} is gone ({count} rows)")
            continue
        new_count, new_digest = after["tables"][table]
        if table in ALLOWED_TO_GROW:
            if new_count < count:
                problems.append(f"{table} lost rows: {count} -> {new_count}")
        elif new_count != count:
            problems.append(f"{table}: {count} rows before, {new_count} after")
        elif new_digest != digest and table not in expected:
            problems.append(f"{table}: same {count} rows but their content changed")
    for table, (count, _) in after["tables"].items():
        if table not in before["tables"] and count:
            problems.append(f"new table {table} was filled with {count} rows by the upgrade")
    for kind in ("content_types", "permissions"):
        for pk, old in before[kind].items():
            if after[kind].get(pk) != old:
                problems.append(f"{kind} #{pk} {old} became {after[kind].get(pk)}")
    return problems


def _recreate(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _drop(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _database_env() -> str:
    for line in (ROOT / "var" / "database.env").read_text().splitlines():
        if line.startswith("DATABASE_URL="):
            return line.split("=", 1)[1].strip()
    raise SystemExit("No DATABASE_URL: run `make db` first.")


if __name__ == "__main__":
    sys.exit(main())
