"""Reads for the guidance library. Each page's reads run a fixed number of queries.

Two helpers other features rely on:

* ``up_to_date_acknowledgements()``: acknowledgements that still count. A member
  is up to date on a document when they acknowledged a version numbered at
  least the document's ``acknowledge_from`` (its latest material version). Use
  it with ``Exists``::

      Member.objects.annotate(
          has_read=Exists(up_to_date_acknowledgements().filter(member=OuterRef("pk"), document=document))
      )
      Document.objects.annotate(
          has_read=Exists(up_to_date_acknowledgements().filter(document=OuterRef("pk"), member=member))
      )

* ``documents_visible_to(member)``: the published documents whose audience
  includes the member.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.lookups import Exact
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from guidance.models import (
    Acknowledgement,
    Attachment,
    ChecklistItem,
    ChecklistTick,
    Circulation,
    CommitteeNoting,
    Consultation,
    Document,
    DocumentVersion,
    ImpactAssessment,
    Reminder,
    ReminderBatch,
    Review,
    SignOff,
)
from guidance.rendering import MARK_START, MARK_STOP
from portal.models import CommitteeMembership, Member

PAGE_SIZE = 20
REPORT_PAGE_SIZE = 50
TO_READ_LIMIT = 5
# The review list shows documents due within this many days, as well as overdue ones.
REVIEW_HORIZON_DAYS = 60
SEARCH_CONFIG = "english"
MANAGE_PERMISSION = "guidance.view_document"


# --- Who sees what ------------------------------------------------------------


def up_to_date_acknowledgements(acknowledge_from=None):
    """Acknowledgements that still count: of a version at least as new as the document's latest
    material change. The one home of "acknowledged the current version".

    Inside a subquery correlated to a Document row, pass
    ``acknowledge_from=OuterRef("acknowledge_from")`` (or one more OuterRef level) so the
    planner compares with the outer row instead of joining the document again.
    """
    if acknowledge_from is None:
        acknowledge_from = F("document__acknowledge_from")
    return Acknowledgement.objects.filter(version__number__gte=acknowledge_from)


def _expression(value):
    return value if hasattr(value, "resolve_expression") else Value(value)


def audience_includes(*, audience, committee, member_type, member, on=None) -> Q:
    """The audience rule, "this document is for this member", as a Q usable in any query or subquery.

    Each argument is a value or an expression as seen from the query being filtered:
    ``audience`` (the document's) and ``member_type`` (the member's) directly;
    ``committee`` (the document's) and ``member`` from inside a CommitteeMembership
    subquery, so usually ``OuterRef(...)``. Committee places count when current on ``on``.
    """
    audience, member_type = _expression(audience), _expression(member_type)
    on_committee = Exists(CommitteeMembership.objects.current(on).filter(member=member, committee=committee))
    return (
        Q(Exact(audience, Document.Audience.ALL_MEMBERS))
        | (
            Q(Exact(audience, Document.Audience.COUNCILLORS))
            & Q(Exact(member_type, Member.MemberType.COUNCILLOR))
        )
        | (Q(Exact(audience, Document.Audience.CO_OPTED)) & Q(Exact(member_type, Member.MemberType.CO_OPTED)))
        | (Q(Exact(audience, Document.Audience.COMMITTEE)) & on_committee)
    )


def audience_q(member: Member, *, prefix: str = "", on=None) -> Q:
    """For a Document query: the documents meant for this member; ``prefix`` for related lookups."""
    return audience_includes(
        audience=F(f"{prefix}audience"),
        committee=OuterRef(f"{prefix}committee"),
        member_type=member.member_type,
        member=member.pk,
        on=on,
    )


def member_in_audience_q(*, document: str = "", on=None) -> Q:
    """For a Member query: members in the audience of the document at ``document``, an OuterRef path
    to the outer query's document row ("" when the outer query is over documents)."""
    return audience_includes(
        audience=OuterRef(f"{document}audience"),
        committee=OuterRef(OuterRef(f"{document}committee")),
        member_type=F("member_type"),
        member=OuterRef("pk"),
        on=on,
    )


def acknowledgement_in_audience_q(on=None) -> Q:
    """For an Acknowledgement query: the acknowledging member is in the document's audience."""
    return audience_includes(
        audience=F("document__audience"),
        committee=OuterRef("document__committee"),
        member_type=F("member__member_type"),
        member=OuterRef("member"),
        on=on,
    )


def documents_visible_to(member: Member):
    """Published documents whose audience includes ``member``."""
    return Document.objects.published().filter(audience_q(member))


def documents_for_user(user, member: Member | None):
    """Published documents this person may read: officers see them all, members their audience."""
    if user.has_perm(MANAGE_PERMISSION) or (member is None and user.has_perm("guidance.view_library")):
        return Document.objects.published()
    if member is not None and user.has_perm("guidance.view_library"):
        return documents_visible_to(member)
    return Document.objects.none()


def audience_members(document: Document, on: datetime.date | None = None):
    """Serving members of the district council that a document is meant for."""
    return (
        Member.objects.current(on)
        .filter(authority__parent__isnull=True)
        .filter(
            audience_includes(
                audience=document.audience,
                committee=document.committee_id,
                member_type=F("member_type"),
                member=OuterRef("pk"),
                on=on,
            )
        )
    )


def members_needing_to_read(document: Document):
    """Serving members in the audience with no acknowledgement that still counts."""
    return audience_members(document).exclude(
        Exists(up_to_date_acknowledgements().filter(member=OuterRef("pk"), document=document))
    )


def document_for_reader(user, member, slug: str) -> Document:
    """The document at ``slug`` if this person may read it, else 404.

    Officers who manage the library may also open an archived document.
    """
    documents = documents_for_user(user, member)
    if user.has_perm(MANAGE_PERMISSION):
        documents = Document.objects.filter(
            status__in=[Document.Status.PUBLISHED, Document.Status.ARCHIVED], current_version__isnull=False
        )
    try:
        return documents.select_related("current_version", "committee").get(slug=slug)
    except Document.DoesNotExist:
        raise Http404("No such document") from None


# --- The library ----------------------------------------------------------------


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
    """(first few documents this member still has to read, how many in all): one query.

    The total is an uncorrelated subquery, which PostgreSQL counts once over
    narrow rows, so the list query only sorts titles for its first few rows.
    (A window count here made every unread row carry its annotations through
    the sort: 195 ms against 35 ms over 30,000 documents.)
    """
    if member is None:
        return [], 0
    unread = documents_for_user(user, member).exclude(acknowledged_by(member))
    total = Subquery(
        unread.order_by().annotate(_all=Value(1)).values("_all").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )
    first = list(
        _for_list(_with_reading_state(unread, member))
        .annotate(unread_total=total)
        .order_by("title", "pk")[:limit]
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
        page = Paginator(documents.order_by("title", "pk").values_list("pk", flat=True), PAGE_SIZE).get_page(
            page_number
        )
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
    page = Paginator(ranked, PAGE_SIZE).get_page(page_number)
    page.object_list = _with_snippets(list(page.object_list), search, member)
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


# --- One document --------------------------------------------------------------


@dataclass
class SignOffRecord:
    sign_offs: list
    notings: list
    circulations: list
    consultations: list
    impact_assessments: list

    def __bool__(self):
        return any(
            [self.sign_offs, self.notings, self.circulations, self.consultations, self.impact_assessments]
        )


def sign_off_record(version: DocumentVersion) -> SignOffRecord:
    """The tracking table for one version: five small queries."""
    return SignOffRecord(
        sign_offs=list(SignOff.objects.filter(version=version)),
        notings=list(CommitteeNoting.objects.filter(version=version).select_related("committee")),
        circulations=list(Circulation.objects.filter(version=version)),
        consultations=list(Consultation.objects.filter(version=version)),
        impact_assessments=list(ImpactAssessment.objects.filter(version=version)),
    )


@dataclass
class Reading:
    """What one member has done with one document."""

    acknowledgement: Acknowledgement | None  # the latest, if any
    up_to_date: bool
    can_acknowledge: bool


def reading_state(
    document: Document, member: Member | None, version: DocumentVersion, *, in_audience: bool | None = None
) -> Reading | None:
    """``in_audience``: already known when the document was found through the member's audience."""
    if member is None:
        return None
    latest = (
        Acknowledgement.objects.filter(document=document, member=member)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    up_to_date = bool(latest and latest.version.number >= document.acknowledge_from)
    if in_audience is None:
        in_audience = documents_visible_to(member).filter(pk=document.pk).exists()
    return Reading(
        acknowledgement=latest,
        up_to_date=up_to_date,
        can_acknowledge=(
            in_audience
            and document.is_published
            and version.pk == document.current_version_id
            and not up_to_date
        ),
    )


@dataclass
class ChecklistView:
    items: list
    ticked: set
    done: int

    @property
    def total(self):
        return len(self.items)


def checklist(document: Document, member: Member | None) -> ChecklistView:
    """The document's checklist with this member's own ticks: two queries."""
    items = list(ChecklistItem.objects.filter(document=document))
    ticked = set()
    if member is not None and items:
        ticked = set(
            ChecklistTick.objects.filter(member=member, item__document=document).values_list(
                "item_id", flat=True
            )
        )
    return ChecklistView(items=items, ticked=ticked, done=len(ticked))


def checklist_counts(document: Document) -> list:
    """For officers: how many members have ticked each item. Never who."""
    return list(ChecklistItem.objects.filter(document=document).annotate(ticked_by=Count("ticks")))


def document_page(user, member, slug: str, number: int | None = None) -> dict:
    """Everything the document page shows, in a fixed number of queries."""
    document = document_for_reader(user, member, slug)
    if number is None:
        version = document.current_version
    else:
        try:
            version = document.versions.select_related("published_by").get(number=number)
        except DocumentVersion.DoesNotExist:
            raise Http404("No such version") from None
    versions = list(
        document.versions.only("pk", "number", "published_at", "material", "change_note", "document_id")
    )
    return {
        "document": document,
        "version": version,
        "is_current": version.pk == document.current_version_id,
        "versions": versions,
        "sign_off": sign_off_record(version),
        "attachments": list(document.attachments.all()),
        # A member who does not manage the library only ever finds documents in their audience.
        "reading": reading_state(
            document, member, version, in_audience=None if user.has_perm(MANAGE_PERMISSION) else True
        ),
        "checklist": checklist(document, member),
        "last_review": document.reviews.select_related("reviewer").first(),
    }


def attachment_for_reader(user, member, slug: str, pk: int) -> Attachment:
    document = document_for_reader(user, member, slug)
    try:
        return document.attachments.get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404("No such attachment") from None


# --- Officers: acknowledgements, reviews ---------------------------------------------------


@dataclass
class AcknowledgementReport:
    document: Document
    page: object
    audience_count: int
    up_to_date_count: int
    show: str
    last_batch: ReminderBatch | None

    @property
    def outstanding_count(self):
        return self.audience_count - self.up_to_date_count


def acknowledgement_report(document: Document, *, show="outstanding", page_number=1) -> AcknowledgementReport:
    """Who in the audience has and has not acknowledged, a page at a time."""
    counts_ack = up_to_date_acknowledgements().filter(member=OuterRef("pk"), document=document)
    members = (
        audience_members(document)
        .annotate(
            up_to_date=Exists(counts_ack),
            last_acknowledged_at=Subquery(
                Acknowledgement.objects.filter(member=OuterRef("pk"), document=document)
                .order_by("-acknowledged_at")
                .values("acknowledged_at")[:1]
            ),
            last_version_number=Subquery(
                Acknowledgement.objects.filter(member=OuterRef("pk"), document=document)
                .order_by("-version__number")
                .values("version__number")[:1]
            ),
            last_reminded_at=Subquery(
                Reminder.objects.filter(member=OuterRef("pk"), document=document)
                .order_by("-sent_at")
                .values("sent_at")[:1]
            ),
        )
        .select_related("authority")
        .order_by("last_name", "first_name", "pk")
    )
    totals = audience_members(document).aggregate(
        audience=Count("pk"), up_to_date=Count("pk", filter=Exists(counts_ack))
    )
    if show == "outstanding":
        members = members.filter(up_to_date=False)
    elif show == "acknowledged":
        members = members.filter(up_to_date=True)
    else:
        show = "all"
    page = Paginator(members, REPORT_PAGE_SIZE).get_page(page_number)
    return AcknowledgementReport(
        document=document,
        page=page,
        audience_count=totals["audience"],
        up_to_date_count=totals["up_to_date"],
        show=show,
        last_batch=document.reminder_batches.select_related("sent_by").first(),
    )


def _members_in_outer_document_audience():
    """Serving district members in the audience of the document in the outer query."""
    return Member.objects.current().filter(authority__parent__isnull=True).filter(member_in_audience_q())


def _count(queryset):
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def with_acknowledgement_counts(documents):
    """Annotate ``audience_count`` and ``up_to_date_count`` on each document, in the same query."""
    members = _members_in_outer_document_audience()
    up_to_date = members.filter(
        Exists(
            up_to_date_acknowledgements(OuterRef(OuterRef("acknowledge_from"))).filter(
                member=OuterRef("pk"), document_id=OuterRef(OuterRef("pk"))
            )
        )
    )
    return documents.annotate(audience_count=_count(members), up_to_date_count=_count(up_to_date)).annotate(
        outstanding_count=F("audience_count") - F("up_to_date_count")
    )


def reviews_due(*, within_days=REVIEW_HORIZON_DAYS, limit=None):
    """Published documents whose review is overdue or due soon, soonest first."""
    horizon = timezone.localdate() + datetime.timedelta(days=within_days)
    documents = (
        Document.objects.published()
        .filter(next_review_on__lte=horizon)
        .select_related("current_version")
        .defer(*LIST_DEFERRED)
        .order_by("next_review_on", "title")
    )
    return documents[:limit] if limit else documents


def reviews_due_summary(limit):
    """(the first ``limit`` reviews due, how many are overdue, how many due soon): one query."""
    today = timezone.localdate()
    first = list(
        reviews_due().annotate(
            overdue_total=Window(Count("pk", filter=Q(next_review_on__lt=today))),
            soon_total=Window(Count("pk", filter=Q(next_review_on__gte=today))),
        )[:limit]
    )
    if not first:
        return [], 0, 0
    return first, first[0].overdue_total, first[0].soon_total


def review_history(document: Document):
    return list(Review.objects.filter(document=document).select_related("reviewer", "version"))


def versions_for_diff(document: Document, old: int, new: int):
    versions = {v.number: v for v in document.versions.filter(number__in=[old, new])}
    if old not in versions or new not in versions:
        raise Http404("No such version")
    return versions[old], versions[new]


def officer_documents():
    """Every document for the officers' list, newest activity first."""
    return Document.objects.select_related("current_version", "committee").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.only("pk", "document_id", "number"))
    )
