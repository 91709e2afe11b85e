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
import time

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

# Tables whose reports trigger counts only the columns the figures read (migration 0004); a
# second trigger counts every write to them as "<table>+all" (0005), which the dashboard reads.
ALL_WRITES = ["advice.Question"]

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

    Every write: for a table whose reports trigger counts only some columns (ALL_WRITES), its
    "+all" count. The dashboard keeps its panels under these counts (registered in
    ReportsConfig.ready()).
    """
    from django.apps import apps

    sources = {}
    for label in labels:
        table = apps.get_model(label)._meta.db_table
        sources[table + "+all" if label in ALL_WRITES else table] = label
    counts = dict.fromkeys(labels, 0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT source, COUNT(*) FROM reports_figureswrite WHERE source = ANY(%s) GROUP BY source"
            " UNION ALL SELECT source, writes FROM reports_figurestally WHERE source = ANY(%s)",
            [list(sources), list(sources)],
        )
        for source, writes in cursor.fetchall():
            counts[sources[source]] += int(writes)
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
    """The section's rendered tables: from the cache, or ``render()`` and keep it.

    One process renders a missing fragment while the others asking for it wait for it
    (``RENDERING``): under load, every worker working out the same figures at once made
    each of them slower, and a page that takes seconds cold answered nobody.
    """
    version = data_version(section)
    key = fragment_key(section, scope, names=names, query=query, version=version)
    html = _get(key)
    if html is None:
        rendering = key + ":rendering"
        claimed = _claim(rendering)
        if not claimed:
            html = _wait_for(key, rendering)
        if html is None:
            try:
                html = render()
                _set(key, html)
            finally:
                if claimed:
                    _release(rendering)
    return html


# How long one process may take to render a fragment before another renders it too.
RENDERING = 30
POLL = 0.05


def _get(key):
    try:
        return cache.get(key)
    except Exception:  # the cache is an aid: without it the page is slower, not broken
        logger.warning("Report cache unavailable; working the figures out", exc_info=True)
        return None


def _set(key, html):
    try:
        cache.set(key, html, TIMEOUT)
    except Exception:
        logger.warning("Report cache unavailable; not keeping the figures", exc_info=True)


def _claim(rendering) -> bool:
    """True if this process is to render (also when the cache cannot say)."""
    try:
        return cache.add(rendering, True, RENDERING)
    except Exception:
        return True


def _release(rendering):
    try:
        cache.delete(rendering)
    except Exception:
        logger.warning("Report cache unavailable; the rendering mark expires by itself", exc_info=True)


def _wait_for(key, rendering):
    """The fragment another process is rendering, once it is kept; None if it gave up or took too long."""
    deadline = time.monotonic() + RENDERING
    while time.monotonic() < deadline:
        time.sleep(POLL)
        html = _get(key)
        if html is not None:
            return html
        try:
            if cache.get(rendering) is None:  # it finished (kept just now?) or failed
                return _get(key)
        except Exception:
            return None
    return None
