"""The library."""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.utils.html import escape
from django.utils.safestring import mark_safe

from guidance import extensions, to_read_cache
from guidance.models import (
    Acknowledgement,
    Document,
)
from guidance.rendering import MARK_START, MARK_STOP
from guidance.selectors.audience import (
    PAGE_SIZE,
    SEARCH_CONFIG,
    TO_READ_LIMIT,
    documents_for_user,
    up_to_date_acknowledgements,
)
from portal.models import Member


@dataclass
class Library:
    page: object
    to_read: list = field(default_factory=list)
    to_read_count: int = 0
    query: str = ""
    searching: bool = False


# Columns a list of documents never shows: leaving them out keeps sorts small.
LIST_DEFERRED = (
    "search_vector",
    "draft_body",
    "current_version__body",
    "current_version__body_html",
    "current_version__body_text",
    "current_version__summary",
)


def acknowledged_by(member: Member, *, up_to_date: bool = True) -> Exists:
    """For a Document queryset: has ``member`` acknowledged this document (a version that still counts)?

    Compares with the outer row's ``acknowledge_from`` directly, so the planner
    can probe the (document, member) index row by row.
    """
    if up_to_date:
        return Exists(
            up_to_date_acknowledgements(OuterRef("acknowledge_from")).filter(
                document=OuterRef("pk"), member=member
            )
        )
    return Exists(Acknowledgement.objects.filter(document=OuterRef("pk"), member=member))


def _with_reading_state(documents, member):
    if member is None:
        return documents
    return documents.annotate(
        is_read=acknowledged_by(member), read_before=acknowledged_by(member, up_to_date=False)
    )


def _for_list(documents):
    return documents.select_related("current_version", "committee").defer(*LIST_DEFERRED)


def to_read(user, member, limit=TO_READ_LIMIT):
    """(first few documents this member still has to read, how many in all): from the shared cache
    (one round trip) while nothing that changes them has been written, else one query.
    """
    if member is None:
        return [], 0
    return to_read_cache.summary(user, member, ("to-read", limit), lambda: _to_read(user, member, limit))


def _to_read(user, member, limit):
    """(first few documents this member still has to read, how many in all): one query.

    The total is an uncorrelated subquery, which PostgreSQL counts once over
    narrow rows, so the list query only sorts titles for its first few rows.
    (A window count here made every unread row carry its annotations through
    the sort: 195 ms against 35 ms over 30,000 documents.)
    """
    unread = documents_for_user(user, member).exclude(acknowledged_by(member))
    total = Subquery(
        unread.order_by().annotate(_all=Value(1)).values("_all").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )
    # Those with a reading deadline (from an induction pack) first, overdue first, then by title.
    due = extensions.reading_due(member)
    first = list(
        _for_list(_with_reading_state(unread, member))
        .annotate(unread_total=total, due_on=due if due is not None else Value(None, DateField()))
        .order_by(F("due_on").asc(nulls_last=True), "title", "pk")[:limit]
    )
    return first, first[0].unread_total if first else 0


def library(user, member, *, query="", category="", audience="", page_number=1) -> Library:
    """The library page: filtered, searched, paginated, and what the member still has to read.

    A search pages through ranked ids first (a narrow sort, however many match),
    then reads the rows shown, with their highlighted snippets, in one query.
    """
    documents = documents_for_user(user, member)
    if category:
        documents = documents.filter(category=category)
    if audience:
        documents = documents.filter(audience=audience)
    query = " ".join(query.split())[:200]
    if not query:
        paginator = Paginator(documents.order_by("title", "pk").values_list("pk", flat=True), PAGE_SIZE)
        # How many this reader may see: a count over the library, kept with the to-read summary.
        paginator.count = to_read_cache.summary(
            user, member, ("library-count", category, audience), lambda: documents.count()
        )
        page = paginator.get_page(page_number)
        page.object_list = _rows(list(page.object_list), member)
        first, count = to_read(user, member)
        return Library(page=page, to_read=first, to_read_count=count)
    search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    ranked = (
        documents.filter(search_vector=search)
        .annotate(rank=SearchRank(F("search_vector"), search))
        .order_by("-rank", "title", "pk")
        .values_list("pk", flat=True)
    )

    def ranked_page():
        """(how many match, the page number shown, the ids on it): ranking every match is the cost."""
        page = Paginator(ranked, PAGE_SIZE).get_page(page_number)
        return page.paginator.count, page.number, list(page.object_list)

    # The ranked ids, as this reader may see them, are kept until the library or the reader changes;
    # the rows shown (with their reading state and snippets) are read fresh.
    count, number, ids = to_read_cache.summary(
        user, member, ("search", query, category, audience, str(page_number)), ranked_page
    )
    paginator = Paginator(ranked, PAGE_SIZE)
    paginator.count = count
    page = paginator.page(number)
    page.object_list = _with_snippets(ids, search, member)
    return Library(page=page, query=query, searching=True)


def _rows(ids, member, **annotations):
    """The documents with these ids, in this order, with the member's reading state: one query."""
    if not ids:
        return []
    rows = _for_list(_with_reading_state(Document.objects.filter(pk__in=ids), member)).annotate(**annotations)
    by_id = {document.pk: document for document in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def _with_snippets(ids, search, member):
    """The documents with these ids, in this order, with highlighted title and text: one query."""
    options = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
    documents = _rows(
        ids,
        member,
        title_headline=SearchHeadline("title", search, highlight_all=True, **options),
        body_headline=SearchHeadline(
            "current_version__body_text",
            search,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
            **options,
        ),
    )
    for document in documents:
        document.title_snippet = highlighted(document.title_headline)
        document.snippet = highlighted(document.body_headline)
    return documents


def highlighted(text: str):
    """Escape a headline from the database, then turn its markers into <mark> tags."""
    return mark_safe(  # noqa: S308 - everything but our own markers is escaped first
        escape(text or "").replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
