"""The production files say what the code does: every setting documented, limits that agree."""

import re
import runpy

from django.conf import settings

from tests.ops.servers import GUNICORN_CONFIG, ROOT

DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text()
READS_ENVIRONMENT = re.compile(
    r"""(?:env(?:str|bool|int|float|list)|_int|os\.environ\.get)\(\s*["']([A-Z0-9_]+)["']"""
)


def names_read_by(path):
    return set(READS_ENVIRONMENT.findall(path.read_text()))


def test_the_readme_documents_every_variable_the_settings_and_gunicorn_read():
    names = names_read_by(ROOT / "portal" / "settings.py") | names_read_by(GUNICORN_CONFIG)
    assert len(names) > 50
    assert sorted(name for name in names if f"`{name}`" not in README) == []


def test_the_proxies_body_limits_match_the_portals():
    assert settings.REQUEST_MAX_BYTES == 60 * 1024 * 1024
    assert "max_size 60MiB" in (DEPLOY / "Caddyfile").read_text()
    assert "client_max_body_size 60m;" in (DEPLOY / "nginx.conf").read_text()
    assert "PORTAL_REQUEST_MAX_BYTES=62914560" in (DEPLOY / "portal.env.example").read_text()


def test_the_units_run_what_exists():
    web = (DEPLOY / "portal-web.service").read_text()
    worker = (DEPLOY / "portal-worker@.service").read_text()
    backup = (DEPLOY / "portal-backup.service").read_text()
    assert "gunicorn -c deploy/gunicorn.conf.py portal.wsgi" in web
    assert "manage.py run_worker" in worker
    assert (ROOT / "portal" / "management" / "commands" / "run_worker.py").exists()
    assert "ExecStart=/srv/portal/app/bin/backup" in backup and (ROOT / "bin" / "backup").exists()
    env = (DEPLOY / "portal.env.example").read_text()
    media = re.search(r"^PORTAL_MEDIA_ROOT=(\S+)", env, re.M).group(1)
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/portal/portal.env" in unit
        assert f"ReadWritePaths={media}" in unit


def test_gunicorn_defaults_suit_a_node_behind_a_proxy(monkeypatch):
    for name in ("PORTAL_BIND", "PORTAL_WEB_WORKERS", "PORTAL_WEB_THREADS"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(GUNICORN_CONFIG))
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["worker_class"] == "sync" and config["workers"] >= 3
    assert config["control_socket_disable"] is True
    monkeypatch.setenv("PORTAL_WEB_THREADS", "4")
    assert runpy.run_path(str(GUNICORN_CONFIG))["worker_class"] == "gthread"


def test_the_access_log_leaves_out_the_tokens_in_links():
    redact = runpy.run_path(str(GUNICORN_CONFIG))["TOKEN_IN_PATH"]
    paths = {
        "/complaints/confirm/Zq3xY8secretTOKEN0123/": "/complaints/confirm/[token removed]/",
        "/complaints/status/Zq3xY8secretTOKEN0123/withdraw/": "/complaints/status/[token removed]/withdraw/",
        "/training/calendar/Zq3xY8secretTOKEN0123.ics": "/training/calendar/[token removed].ics",
        "/accounts/password/reset/key/3-cs1n7z-0123abcd/": "/accounts/password/reset/key/[token removed]/",
        "/training/sessions/12/book/": "/training/sessions/12/book/",
    }
    for path, logged in paths.items():
        assert redact.sub(r"\1[token removed]", path) == logged
