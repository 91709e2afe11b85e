"""Gunicorn settings for the portal: ``gunicorn -c deploy/gunicorn.conf.py portal.wsgi``.

One file for every node. What differs between machines comes from the environment
(the systemd unit's EnvironmentFile), with defaults that suit a small server behind
a reverse proxy on the same machine. The tests in tests/ops start gunicorn with this
file, so it is the configuration that is tested.
"""

import os
import re

from gunicorn.glogging import Logger


def _int(name, default):
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


# Where the reverse proxy sends requests: loopback, or a private address the proxy reaches.
bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000").split(",")

# Synchronous workers: each handles one request at a time, so a slow query holds one
# worker, not the site. Two per core plus one is gunicorn's rule of thumb.
workers = _int("PORTAL_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1)
# More than one thread per worker switches to the threaded worker (fewer processes, less memory).
threads = _int("PORTAL_WEB_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is killed and its worker replaced; the
# reverse proxy's timeout should be a little longer, so that it reports gunicorn's answer.
timeout = _int("PORTAL_WEB_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Replace each worker now and then, so a slow leak cannot grow for ever.
max_requests = _int("PORTAL_WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# Request line and headers stay small; the body limit is the portal's own
# (PORTAL_REQUEST_MAX_BYTES, chunked bodies included) and the proxy's.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Only the reverse proxy may say the request came over https (X-Forwarded-Proto);
# the client's address is read by the portal (PORTAL_TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("PORTAL_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to standard error, which systemd's journal keeps.
accesslog = os.environ.get("PORTAL_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("PORTAL_LOG_LEVEL", "info")
# No query strings (they can carry search terms), no referrer, and the time taken in microseconds.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus'
proc_name = "portal-web"

# Gunicorn's control socket (gunicornc) is off unless given a path of its own: two nodes on
# one machine would otherwise share the default one. systemctl reload/restart do the same job.
control_socket = os.environ.get("PORTAL_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

# Secrets that travel in link paths are replaced before a line is written.
TOKEN_IN_PATH = re.compile(r"(/(?:confirm|status)/|/calendar/|/password/reset/key/)[^/?\s]{8,}?(?=\.ics|/|$)")


class RedactingLogger(Logger):
    """Gunicorn's access log, with the tokens in confirmation, status, calendar and reset links removed."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U"):
            if isinstance(atoms.get(key), str):
                atoms[key] = TOKEN_IN_PATH.sub(r"\1[token removed]", atoms[key])
        return atoms


logger_class = RedactingLogger
