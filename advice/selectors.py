"""Reads for the advice pages, the dashboard, the guidance search and the steering group's figures.

Each function runs a fixed number of queries however many questions, messages
or entries there are (the tests hold them to it).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    JSONField,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from guidance.rendering import MARK_START, MARK_STOP
from portal.models import CommitteeMembership

from .models import (
    WITH_OFFICERS,
    Attachment,
    FaqEntry,
    Message,
    Question,
    QuestionEvent,
    State,
    Topic,
    queue_order,
)

# --- Guidance documents a question can refer to -------------------------------------


def documents_for_member(member):
    """Guidance documents this member may read, so a question can refer to one of them."""
    from guidance.models import Document
    from guidance.selectors import documents_visible_to

    if member is None:
        return Document.objects.none()
    return documents_visible_to(member)


# --- The member's own questions ---------------------------------------------------


def member_questions(user):
    """The questions ``user`` asked, newest first (for a paginated list): only what a row shows."""
    return (
        Question.objects.filter(asked_by=user)
        .only("subject", "topic", "state", "received_at", "last_officer_message_at", "member_seen_at")
        .order_by("-received_at", "-pk")
    )


def member_question(user, pk):
    """One of ``user``'s own questions with everything the member may see, or None.

    Internal notes, events and the view log are not fetched at all.
    """
    question = (
        Question.objects.filter(asked_by=user, pk=pk)
        .select_related("asked_by", "member", "document")
        .prefetch_related(Prefetch("messages", queryset=Message.objects.select_related("author")))
        .first()
    )
    if question is not None:
        _attach_files(question)
    return question


def _attach_files(question):
    """Every file of the question in one query: each message's as ``message.files``, in the
    order they were uploaded, and those sent with the question itself as
    ``question.question_attachments``."""
    by_message = defaultdict(list)
    for attachment in Attachment.objects.filter(question=question).order_by("uploaded_at", "pk"):
        by_message[attachment.message_id].append(attachment)
    question.question_attachments = by_message.pop(None, [])
    for message in question.messages.all():
        message.files = by_message.get(message.pk, [])


@dataclass
class MemberPanel:
    questions: list
    open_total: int
    new_replies: int
    answered_total: int = 0

    @property
    def unanswered_total(self):
        """What the member reads as "open": not closed and not yet answered."""
        return self.open_total - self.answered_total


def member_panel(user, limit: int = 5) -> MemberPanel:
    """The member's open questions, those with a reply they have not read first: one query."""
    new_reply = Q(last_officer_message_at__isnull=False) & (
        Q(member_seen_at__isnull=True) | Q(last_officer_message_at__gt=F("member_seen_at"))
    )
    rows = list(
        Question.objects.filter(asked_by=user)
        .open()
        .annotate(
            unread=Case(When(new_reply, then=Value(1)), default=Value(0), output_field=IntegerField()),
            open_total=Window(Count("pk")),
            answered_total=Window(Count("pk", filter=Q(state=State.ANSWERED))),
            new_replies=Window(Count("pk", filter=new_reply)),
        )
        .order_by("-unread", "-received_at")[:limit]
    )
    return MemberPanel(
        questions=rows,
        open_total=rows[0].open_total if rows else 0,
        new_replies=rows[0].new_replies if rows else 0,
        answered_total=rows[0].answered_total if rows else 0,
    )


# --- The officers' queue -------------------------------------------------------------

# Only what a queue row shows: the sort then moves narrow rows, not every question's text.
QUEUE_COLUMNS = (
    "subject",
    "topic",
    "state",
    "priority",
    "urgent_requested",
    "received_at",
    "due_on",
    "member__first_name",
    "member__last_name",
    "member__member_type",
    "asked_by__full_name",
    "asked_by__email",
    "assigned_to__full_name",
    "assigned_to__email",
)


def queue(*, state: str = "open", assigned: str = "", overdue: bool = False, officer=None, today=None):
    """Questions for the officers: new ones first, then by due date.

    ``state`` is a State value, "open" (everything not closed) or "all";
    ``assigned`` is "", "me", "nobody" or a user's pk.
    """
    today = today or timezone.localdate()
    questions = Question.objects.select_related("member", "asked_by", "assigned_to").only(*QUEUE_COLUMNS)
    if state == "open":
        questions = questions.open()
    elif state in State.values:
        questions = questions.filter(state=state)
    if assigned == "me" and officer is not None:
        questions = questions.filter(assigned_to=officer)
    elif assigned == "nobody":
        questions = questions.filter(assigned_to__isnull=True)
    elif assigned.isdigit():
        questions = questions.filter(assigned_to_id=int(assigned))
    if overdue:
        questions = questions.overdue(today)
    return questions.annotate(is_new=queue_order()).order_by("is_new", "due_on", "received_at", "pk")


@dataclass
class OfficerPanel:
    new: int
    overdue: int
    mine: int
    open: int


def officer_panel(officer, today=None) -> OfficerPanel:
    """Counts for the officers' dashboard: one query."""
    today = today or timezone.localdate()
    # Every figure is of open questions, counted from the index advice_q_open_counts alone
    # (COUNT(state), not COUNT(id): no column outside the index).
    counts = Question.objects.open().aggregate(
        new=Count("state", filter=Q(state=State.NEW)),
        overdue=Count("state", filter=Q(state__in=WITH_OFFICERS, due_on__lt=today)),
        mine=Count("state", filter=Q(assigned_to=officer)),
        open=Count("state"),
    )
    return OfficerPanel(**counts)


# --- One question's page -------------------------------------------------------------
#
# A question's page reads the question in one query: its conversation, its files and,
# for the officers, its history, FAQ entries and who has opened it come as JSON columns
# of the question's own row. They are written in SQL because the ORM took longer to
# compile each of these correlated subqueries (one to two milliseconds) than the
# database takes to run it; the rows come back as plain values, with no model instance
# per message however long the conversation.

# Every piece of SQL below is a constant: no value from a request is ever part of it.


def _json_list(sql: str) -> RawSQL:
    """A JSON array computed for each question row (``advice_question.id`` is the outer row).

    ``sql`` gives each element as ``row_json`` and its place in the array as ``position``.
    """
    wrapped = f"SELECT COALESCE(jsonb_agg(row_json ORDER BY position), '[]') FROM ({sql}) AS rows"  # noqa: S608
    return RawSQL(wrapped, (), JSONField())  # noqa: S611


_FILES = _json_list(
    """
    SELECT jsonb_build_object('pk', a.id, 'message', a.message_id, 'name', a.original_name, 'size', a.size)
           AS row_json,
           row_number() OVER (ORDER BY a.uploaded_at, a.id) AS position
      FROM advice_attachment a
     WHERE a.question_id = advice_question.id
    """
)

# The author's name as User.get_full_name() gives it: the full name, or else the email address.
_MESSAGES_SQL = """
    SELECT 'message' AS kind, m.id AS pk, m.created_at AS at, m.body, m.from_officer AS officer,
           m.is_answer AS answer, COALESCE(NULLIF(u.full_name, ''), u.email) AS author
      FROM advice_message m JOIN portal_user u ON u.id = m.author_id
     WHERE m.question_id = advice_question.id
"""
_MESSAGES = _json_list(
    f"""
    SELECT to_jsonb(said) AS row_json, row_number() OVER (ORDER BY at, pk) AS position
      FROM ({_MESSAGES_SQL}) AS said
    """  # noqa: S608
)

# Messages and internal notes in one timeline; a message before a note written at the same moment.
_TIMELINE = _json_list(
    f"""
    SELECT to_jsonb(said) AS row_json, row_number() OVER (ORDER BY at, kind, pk) AS position FROM (
        {_MESSAGES_SQL}
        UNION ALL
        SELECT 'note', n.id, n.created_at, n.body, true, false, COALESCE(NULLIF(u.full_name, ''), u.email)
          FROM advice_internalnote n JOIN portal_user u ON u.id = n.author_id
         WHERE n.question_id = advice_question.id
    ) AS said
    """  # noqa: S608
)

_HISTORY = _json_list(
    """
    SELECT jsonb_build_object('created_at', e.created_at, 'actor', COALESCE(NULLIF(u.full_name, ''), u.email),
                              'from_status', e.from_status, 'to_status', e.to_status, 'note', e.note)
           AS row_json,
           row_number() OVER (ORDER BY e.created_at, e.id) AS position
      FROM advice_questionevent e LEFT JOIN portal_user u ON u.id = e.actor_id
     WHERE e.question_id = advice_question.id
    """
)

_FAQ_ENTRIES = _json_list(
    """
    SELECT jsonb_build_object('id', f.id, 'title', f.title, 'slug', f.slug, 'status', f.status) AS row_json,
           row_number() OVER (ORDER BY f.title, f.id) AS position
      FROM advice_faqentry f
     WHERE f.source_question_id = advice_question.id
    """
)

VIEW_LOG_LIMIT = 20

# Who has opened the question, how often and when last (before this request's own view).
_VIEW_LOG = _json_list(
    f"""
    SELECT jsonb_build_object('viewer_id', v.viewer_id, 'viewer__full_name', u.full_name,
                              'viewer__email', u.email, 'times', count(*), 'last_viewed', max(v.viewed_at))
           AS row_json,
           row_number() OVER (ORDER BY max(v.viewed_at) DESC, v.viewer_id) AS position
      FROM advice_questionview v JOIN portal_user u ON u.id = v.viewer_id
     WHERE v.question_id = advice_question.id
     GROUP BY v.viewer_id, u.full_name, u.email
     ORDER BY position
     LIMIT {VIEW_LOG_LIMIT}
    """  # noqa: S608
)


@dataclass(slots=True)
class File:
    """A file sent with the question or one of its messages."""

    pk: int
    original_name: str
    size: int

    def get_absolute_url(self):
        return reverse("advice:attachment", args=[self.pk])


@dataclass(slots=True)
class Said:
    """A message (which the member sees) or an internal note (which they never do)."""

    kind: str  # "message" or "note"
    pk: int
    created_at: datetime.datetime
    body: str
    author: str
    from_officer: bool
    is_answer: bool
    files: list = field(default_factory=list)


@dataclass(slots=True)
class Seat:
    """The asking member's place on a committee today."""

    name: str
    role: str

    @property
    def role_label(self) -> str:
        return CommitteeMembership.Role(self.role).label


def _moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def _conversation(question, rows):
    """Set ``question.conversation`` (messages, or messages and notes, in order), each message
    with its ``files``, and ``question.question_attachments`` (the files sent with the question)."""
    by_message = defaultdict(list)
    for row in question.file_rows:
        by_message[row["message"]].append(File(row["pk"], row["name"], row["size"]))
    question.question_attachments = by_message.pop(None, [])
    question.conversation = [
        Said(
            kind=row["kind"],
            pk=row["pk"],
            created_at=_moment(row["at"]),
            body=row["body"],
            author=row["author"],
            from_officer=row["officer"],
            is_answer=row["answer"],
            files=by_message.get(row["pk"], []) if row["kind"] == "message" else [],
        )
        for row in rows
    ]
    return question


def member_question_page(user, pk):
    """One of ``user``'s own questions with its conversation and files, or None: one query.

    Internal notes, events and the view log are not fetched at all.
    """
    question = (
        Question.objects.filter(asked_by=user, pk=pk)
        .select_related("document")
        .annotate(file_rows=_FILES, message_rows=_MESSAGES)
        .first()
    )
    if question is None:
        return None
    return _conversation(question, question.message_rows)


def officer_question_page(pk):
    """A question with its messages and internal notes in one timeline, its files, history,
    FAQ entries and view log, or None: one query however long the conversation.

    The asking member's committees are ``committees(question)``.
    """
    question = (
        Question.objects.filter(pk=pk)
        .select_related("asked_by", "member__authority", "assigned_to", "document")
        .annotate(
            file_rows=_FILES,
            timeline_rows=_TIMELINE,
            history_rows=_HISTORY,
            faq_rows=_FAQ_ENTRIES,
            view_rows=_VIEW_LOG,
        )
        .first()
    )
    if question is None:
        return None
    _conversation(question, question.timeline_rows)
    question.history = [_event(question, row) for row in question.history_rows]
    question.faq_list = [FaqEntry(**row) for row in question.faq_rows]
    return question


def _event(question, row) -> QuestionEvent:
    event = QuestionEvent(
        question=question,
        created_at=_moment(row["created_at"]),
        from_status=row["from_status"],
        to_status=row["to_status"],
        note=row["note"],
    )
    event.actor_name = row["actor"]
    return event


def committees(question) -> list[Seat]:
    """The committees the asking member sits on today, by name: one query, none without a member."""
    if question.member_id is None:
        return []
    rows = (
        CommitteeMembership.objects.current()
        .filter(member_id=question.member_id)
        .order_by("committee__name", "pk")
        .values_list("committee__name", "role")
    )
    return [Seat(name, role) for name, role in rows]


def view_log(question, *, viewer=None, viewed_at=None) -> list[dict]:
    """Who has opened the question, how often and when last, newest first, from
    ``officer_question_page``'s row; with ``viewer``, counting their view at ``viewed_at``
    (the one this request has just logged, after that row was read)."""
    rows = [{**row, "last_viewed": _moment(row["last_viewed"])} for row in question.view_rows]
    if viewer is None:
        return rows
    mine = next((row for row in rows if row["viewer_id"] == viewer.pk), None)
    if mine is None:
        mine = {"viewer_id": viewer.pk, "viewer__full_name": viewer.full_name, "viewer__email": viewer.email}
        mine["times"] = 0
    else:
        rows.remove(mine)
    mine.update(times=mine["times"] + 1, last_viewed=viewed_at)
    return [mine, *rows][:VIEW_LOG_LIMIT]


# --- FAQ ------------------------------------------------------------------------------


def _search_query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config="english")


def search_faqs(query: str, limit: int = 5) -> list[FaqEntry]:
    """Published FAQ entries matching ``query``, best first, each with a safe ``snippet``: one query.

    The inner query ranks every match and keeps the best ``limit``; only those
    rows get a headline, which is the expensive part.
    """
    query = (query or "").strip()
    if not query:
        return []
    search = _search_query(query)
    best = (
        FaqEntry.objects.filter(status=FaqEntry.Status.PUBLISHED, search_vector=search)
        .annotate(rank=SearchRank(F("search_vector"), search))
        .order_by("-rank", "title")
        .values("pk")[:limit]
    )
    rows = (
        FaqEntry.objects.filter(pk__in=Subquery(best))
        .annotate(
            rank=SearchRank(F("search_vector"), search),
            headline=SearchHeadline(
                Concat("question_text", Value("\n"), "plain_text", output_field=CharField()),
                search,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .only("pk", "title", "slug", "topic")
        .order_by("-rank", "title")
    )
    results = list(rows)
    for entry in results:
        entry.snippet = snippet_html(entry.headline)
    return results


def snippet_html(headline: str) -> str:
    """A ts_headline result as safe HTML: the text escaped, the matches in <mark>."""
    escaped = escape(headline or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308


def published_faqs(topic: str = ""):
    entries = FaqEntry.objects.filter(status=FaqEntry.Status.PUBLISHED).only(
        "pk", "title", "slug", "topic", "published_at"
    )
    if topic in Topic.values:
        entries = entries.filter(topic=topic)
    return entries.order_by("topic", "title")
