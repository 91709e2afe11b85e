"""Report pages kept ready: each section's tables, rendered once per state of the data they read.

A section's tables depend on the filters, the day (periods and "serving on"
are dates) and the data in a known set of tables. Database triggers add a row to
``FiguresWrite`` for every statement that writes to one of those tables (see
reports.models), so the number of such rows is a version of the data: it goes
up with every committed write, whoever makes it (a service, the back office, a
bulk update, SQL typed by hand), and a write that rolls back leaves it as it was.

The key of a cached fragment holds the section, the filters, the day, the
version and whether the reader may see names: the one thing about the reader
that changes what the tables show. People who may see names never share a
fragment with people who may not.

Read the version before working the figures out: a write committed in between
then makes the cached copy newer than its key says, never older.
"""

import hashlib
import logging

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# How long a fragment may sit unread. Writes replace it sooner (a new key).
TIMEOUT = 60 * 60

# The tables behind each kind of figure, as model labels.
PEOPLE = [
    "portal.Member",
    "portal.User",
    "portal.Authority",
    "portal.Committee",
    "portal.CommitteeMembership",
]
GUIDANCE = ["guidance.Document", "guidance.DocumentVersion", "guidance.Acknowledgement"]
TRAINING = [
    "training.Course",
    "training.Session",
    "training.Booking",
    "training.Completion",
    "training.InductionPack",
    "training.InductionItem",
    "training.InductionAssignment",
    "training.CommitteeRequirement",
]
CASEWORK = ["advice.Question", "complaints.Complaint"]
INTERESTS = ["interests.Register", "interests.Gift"]
# Every model whose table has the trigger (migrations reports 0002 and 0003 install it on these).
WATCHED = [*PEOPLE, *GUIDANCE, *TRAINING, *CASEWORK, *INTERESTS]
# Tables only the dashboard's panels read (migration 0004): counted for them, in no section.
DASHBOARD_ONLY = [
    "complaints.SubjectNotice",
    "complaints.IndependentPersonAssignment",
    "complaints.IndependentPersonView",
    "interests.Return",
    "interests.Dispensation",
    "training.CourseAssignment",
]

SOURCES = {
    "summary": PEOPLE + GUIDANCE + TRAINING,
    "guidance": PEOPLE + GUIDANCE,
    "training": PEOPLE + TRAINING,
    "committees": PEOPLE + TRAINING,
    # A guidance step is done by acknowledging the document.
    "induction": PEOPLE + TRAINING + GUIDANCE,
    "casework": PEOPLE + CASEWORK,
    "interests": PEOPLE + INTERESTS,
    "print": WATCHED,
}


def _tables(labels) -> list[str]:
    from django.apps import apps

    return [apps.get_model(label)._meta.db_table for label in labels]


def data_version(section: str) -> int:
    """Committed writes so far to the tables ``section`` reads. One query, one snapshot."""
    tables = _tables(SOURCES[section])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM reports_figureswrite WHERE source = ANY(%s))"
            " + COALESCE((SELECT SUM(writes) FROM reports_figurestally WHERE source = ANY(%s)), 0)",
            [tables, tables],
        )
        return int(cursor.fetchone()[0])


def write_counts(labels) -> dict[str, int]:
    """Committed writes so far to each of these models' tables, by label. One query, one snapshot.

    The dashboard keeps its panels under these counts (registered in ReportsConfig.ready()).
    """
    tables = dict(zip(_tables(labels), labels, strict=True))
    counts = dict.fromkeys(labels, 0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT source, COUNT(*) FROM reports_figureswrite WHERE source = ANY(%s) GROUP BY source"
            " UNION ALL SELECT source, writes FROM reports_figurestally WHERE source = ANY(%s)",
            [list(tables), list(tables)],
        )
        for table, writes in cursor.fetchall():
            counts[tables[table]] += int(writes)
    return counts


def scope_key(scope) -> tuple:
    def pk(value):
        return getattr(value, "pk", None)

    return (
        scope.start.isoformat(),
        scope.end.isoformat(),
        scope.as_of.isoformat(),
        scope.population,
        pk(scope.authority),
        scope.group,
        scope.member_type,
        pk(scope.committee),
        pk(scope.cohort),
    )


def fragment_key(section: str, scope, *, names: bool, query: str, version: int) -> str:
    parts = repr((section, bool(names), scope_key(scope), query, timezone.localdate().isoformat(), version))
    return "reports:fragment:" + hashlib.sha256(parts.encode()).hexdigest()


def fragment(section: str, scope, *, names: bool, query: str, render) -> str:
    """The section's rendered tables: from the cache, or ``render()`` and keep it."""
    version = data_version(section)
    key = fragment_key(section, scope, names=names, query=query, version=version)
    try:
        html = cache.get(key)
    except Exception:  # the cache is an aid: without it the page is slower, not broken
        logger.warning("Report cache unavailable; working the figures out", exc_info=True)
        html = None
    if html is None:
        html = render()
        try:
            cache.set(key, html, TIMEOUT)
        except Exception:
            logger.warning("Report cache unavailable; not keeping the figures", exc_info=True)
    return html
