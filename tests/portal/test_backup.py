"""make backup / make restore: a backup restored into a fresh database has the same rows and files."""

import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests import kit

# The transactional test below empties every table, role groups included; put them back.
_roles_back = kit.roles_back_after_flushes(scope="module")

ROOT = Path(__file__).resolve().parents[2]
TABLES = ["portal_user", "portal_member", "portal_authority", "guidance_document", "guidance_attachment"]


def database_url(name):
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    )


def run(script, *args, env):
    return subprocess.run(
        [str(ROOT / "bin" / script), *args], env=env, capture_output=True, text=True, timeout=300
    )


def counts(url):
    with psycopg.connect(url) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}  # noqa: S608


@pytest.fixture
def scratch_database():
    name = f"portal_restore_{uuid.uuid4().hex[:10]}"
    admin_url = database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_it_restores_the_same_rows_and_files_into_a_fresh_database(
    councillor, monitoring_officer, tmp_path, scratch_database, settings
):
    from guidance.models import Document

    media = tmp_path / "uploads"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "guide.pdf").write_bytes(b"%PDF-1.7 fictional\n%%EOF\n")
    Document.objects.create(title="Social media guide", slug="social-media-guide")
    source_url = database_url(connection.settings_dict["NAME"])
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": source_url, "PORTAL_MEDIA_ROOT": str(media)}
    env["BACKUP_DIR"] = str(tmp_path / "backups")

    made = run("backup", env=env)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert backup.exists() and backup.stat().st_mode & 0o077 == 0  # readable by its owner only

    restored_media = tmp_path / "restored"
    restored = run(
        "restore",
        str(backup),
        env={**env, "DATABASE_URL": scratch_database, "PORTAL_MEDIA_ROOT": str(restored_media)},
    )
    assert restored.returncode == 0, restored.stderr

    assert counts(scratch_database) == counts(source_url)
    assert counts(scratch_database)["guidance_document"] == 1
    with psycopg.connect(scratch_database) as conn:
        emails = {row[0] for row in conn.execute("SELECT email FROM portal_user")}
    assert {councillor.email, monitoring_officer.email} <= emails
    assert (restored_media / "attachments" / "guide.pdf").read_bytes() == b"%PDF-1.7 fictional\n%%EOF\n"


def test_it_refuses_to_restore_a_file_that_is_not_a_backup(tmp_path):
    fake = tmp_path / "fake.tar"
    subprocess.run(["tar", "-cf", str(fake), "-C", str(tmp_path), "."], check=True)
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    env["PORTAL_MEDIA_ROOT"] = str(tmp_path / "media")

    result = run("restore", str(fake), env=env)

    assert result.returncode != 0
    assert "not a portal backup" in result.stderr
