"""Keep the secrets in complaint links out of the request logs.

The confirmation and status links carry their token in the path. Django logs every
4xx response with its path (``django.request``), and the development server logs every
request line (``django.server``); an expired, closed or mistyped link would leave a
token in the log. This filter replaces the token before the record is written.
"""

import logging
import re

# /complaints/confirm/<token>/ and /complaints/status/<token>/ (and /withdraw/ under it).
TOKEN_IN_PATH = re.compile(r"(/(?:confirm|status)/)[A-Za-z0-9_\-]{8,}")
REDACTED = r"\1[token removed]"
LOGGERS = ("django.request", "django.server")


def redact(value):
    return TOKEN_IN_PATH.sub(REDACTED, value) if isinstance(value, str) else value


class RedactLinkTokens(logging.Filter):
    def filter(self, record):
        record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact(arg) for key, arg in record.args.items()}
        return True


def install():
    """Put the filter on the loggers that write request paths (called from AppConfig.ready)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactLinkTokens) for f in logger.filters):
            logger.addFilter(RedactLinkTokens())
