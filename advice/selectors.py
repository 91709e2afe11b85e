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
    Max,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from guidance.rendering import MARK_START, MARK_STOP

from .models import (
    WITH_OFFICERS,
    Attachment,
    FaqEntry,
    InternalNote,
    Message,
    Question,
    QuestionEvent,
    QuestionView,
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
    """The questions ``user`` asked, newest first (for a paginated list)."""
    return Question.objects.filter(asked_by=user).order_by("-received_at", "-pk")


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


# --- One question, for the officers ------------------------------------------------


@dataclass
class Entry:
    """One item in the officers' timeline: a message or an internal note."""

    kind: str  # "message" or "note"
    item: object
    at: datetime.datetime = field(init=False)

    def __post_init__(self):
        self.at = self.item.created_at


def officer_question(pk):
    """A question with its whole conversation, internal notes, events and FAQ entries, or None.

    Six queries however long the conversation: the question, its messages,
    every file (the question's own and the messages', in one query), notes,
    events and FAQ entries are each fetched once.
    """
    question = (
        Question.objects.filter(pk=pk)
        .select_related("asked_by", "member__authority", "assigned_to", "document")
        .prefetch_related(
            Prefetch("messages", queryset=Message.objects.select_related("author")),
            Prefetch("internal_notes", queryset=InternalNote.objects.select_related("author")),
            Prefetch("events", queryset=QuestionEvent.objects.select_related("actor")),
            Prefetch(
                "faq_entries",
                queryset=FaqEntry.objects.only("pk", "title", "slug", "status", "source_question"),
            ),
        )
        .first()
    )
    if question is not None:
        _attach_files(question)
        entries = [Entry("message", m) for m in question.messages.all()]
        entries += [Entry("note", n) for n in question.internal_notes.all()]
        question.timeline = sorted(entries, key=lambda entry: (entry.at, entry.kind, entry.item.pk))
    return question


def view_log(question, limit: int = 20):
    """Who opened the question, how often and when last: one query."""
    return list(
        QuestionView.objects.filter(question=question)
        .values("viewer__full_name", "viewer__email", "viewer_id")
        .annotate(times=Count("pk"), last_viewed=Max("viewed_at"))
        .order_by("-last_viewed")[:limit]
    )


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
