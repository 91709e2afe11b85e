"""Reads for the guidance library. Each page's reads run a fixed number of queries.."""

import datetime

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    Value,
)
from django.db.models.lookups import Exact
from django.http import Http404

from guidance.models import (
    Acknowledgement,
    Document,
)
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
