"""The guidance library's figures for the uptake reports: database aggregates over a Scope.

Who counts: members of the scope serving on ``scope.as_of``, in each document's
audience (``selectors.audience_includes``); an acknowledgement counts when it is
of the current version (``selectors.up_to_date_acknowledgements``).
"""

import datetime

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth

from guidance.models import Acknowledgement, Document
from guidance.selectors import acknowledgement_in_audience_q, up_to_date_acknowledgements
from portal.models import CommitteeMembership, Member
from portal.scope import start_of_day


def _serving_ids(scope):
    """The scope's serving members, once each (a committee or cohort filter joins other tables)."""
    return Member.objects.filter(scope.serving_q()).values("pk")


def audience_sizes(scope) -> dict:
    """How many of the scope's serving members each kind of audience holds: three small aggregates.

    A document's audience is fixed by its ``audience`` and ``committee``, so every document of
    the same kind shares one count: {(audience, committee id or None): members}.
    """
    on = scope.as_of
    serving = Member.objects.filter(pk__in=_serving_ids(scope))
    by_type = dict(serving.order_by().values_list("member_type").annotate(n=Count("pk")))
    sizes = {
        (Document.Audience.ALL_MEMBERS, None): sum(by_type.values()),
        (Document.Audience.COUNCILLORS, None): by_type.get(Member.MemberType.COUNCILLOR, 0),
        (Document.Audience.CO_OPTED, None): by_type.get(Member.MemberType.CO_OPTED, 0),
    }
    places = (
        CommitteeMembership.objects.current(on)
        .filter(member__in=_serving_ids(scope))
        .order_by()
        .values_list("committee")
        .annotate(n=Count("member", distinct=True))
    )
    for committee_id, n in places:
        sizes[(Document.Audience.COMMITTEE, committee_id)] = n
    return sizes


def up_to_date_counts(scope, *, by: str) -> dict:
    """{document id or member id: serving members of the scope in the document's audience who had
    acknowledged its current version by ``as_of``}, for every published document. One grouped query
    over the acknowledgements, instead of a count per document or per member."""
    on = scope.as_of
    rows = (
        up_to_date_acknowledgements()
        .filter(
            document__status=Document.Status.PUBLISHED,
            document__current_version__isnull=False,
            acknowledged_at__lt=start_of_day(on + datetime.timedelta(days=1)),
            member__in=_serving_ids(scope),
        )
        .filter(acknowledgement_in_audience_q(on))
        .order_by()
        .values_list(by)
        .annotate(n=Count("member" if by == "document" else "document", distinct=True))
    )
    return dict(rows)


def document_uptake(scope) -> list[dict]:
    """Published documents, each a dict of ``title``, ``version`` (the current number), ``audience``
    (who must read it, in words), ``audience_size`` (serving members of the scope in the audience),
    ``up_to_date`` (of those, who acknowledged the current version by ``as_of``) and ``rate``;
    lowest rate first (no rate last), then by title. Four queries: three aggregates and a plain list
    of plain values (30,000 documents as model objects cost seconds)."""
    sizes = audience_sizes(scope)
    acknowledged = up_to_date_counts(scope, by="document")
    rows = []
    documents = Document.objects.published().values_list(
        "pk", "title", "audience", "committee_id", "committee__name", "current_version__number"
    )
    for pk, title, audience, committee_id, committee_name, number in documents:
        committee = committee_id if audience == Document.Audience.COMMITTEE else None
        size = sizes.get((audience, committee), 0)
        up_to_date = acknowledged.get(pk, 0)
        rows.append(
            {
                "title": title,
                "version": number,
                "audience": Document.describe_audience(audience, committee_name),
                "audience_size": size,
                "up_to_date": up_to_date,
                "rate": up_to_date * 100.0 / size if size else None,
            }
        )
    rows.sort(key=lambda row: (row["rate"] is None, row["rate"] or 0.0, row["title"]))
    return rows


def acknowledgements_by_month(scope):
    """Per month of the period: acknowledgements made and members making them (dicts, month as a date)."""
    return (
        Acknowledgement.objects.filter(
            acknowledged_at__gte=scope.starts_at, acknowledged_at__lt=scope.ends_before
        )
        .filter(scope.member_filter("member__"))
        .annotate(month=TruncMonth("acknowledged_at"))
        .values("month")
        .annotate(acknowledgements=Count("pk"), members=Count("member", distinct=True))
        .order_by("month")
    )


def members_owing(scope) -> list:
    """Serving members of the scope with ``outstanding``: published documents in their audience
    they have not acknowledged in its current version. Most owed first, then by name.

    Worked out from two small tallies rather than a count per member: the documents each kind of
    audience holds, and each member's up-to-date acknowledgements (grouped in the database)."""
    on = scope.as_of
    documents_by_kind: dict = {}
    kinds = (
        Document.objects.published()
        .order_by()
        .values_list("audience", "committee")
        .annotate(n=Count("pk"))
        .values_list("audience", "committee", "n")
    )
    for audience, committee, n in kinds:
        key = (audience, committee if audience == Document.Audience.COMMITTEE else None)
        documents_by_kind[key] = documents_by_kind.get(key, 0) + n
    acknowledged = up_to_date_counts(scope, by="member")
    members = list(
        Member.objects.filter(pk__in=_serving_ids(scope))
        .select_related("authority")
        .prefetch_related(
            Prefetch(
                "committee_memberships",
                queryset=CommitteeMembership.objects.current(on).only("member_id", "committee_id"),
                to_attr="places_on_day",
            )
        )
    )
    every = documents_by_kind.get((Document.Audience.ALL_MEMBERS, None), 0)
    by_type = {
        Member.MemberType.COUNCILLOR: documents_by_kind.get((Document.Audience.COUNCILLORS, None), 0),
        Member.MemberType.CO_OPTED: documents_by_kind.get((Document.Audience.CO_OPTED, None), 0),
    }
    owing = []
    for member in members:
        committees = {place.committee_id for place in member.places_on_day}
        meant_for = (
            every
            + by_type.get(member.member_type, 0)
            + sum(documents_by_kind.get((Document.Audience.COMMITTEE, c), 0) for c in committees)
        )
        member.outstanding = meant_for - acknowledged.get(member.pk, 0)
        if member.outstanding > 0:
            owing.append(member)
    owing.sort(key=lambda m: (-m.outstanding, m.last_name, m.first_name, m.pk))
    return owing
