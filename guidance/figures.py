"""The guidance library's figures for the uptake reports: database aggregates over a Scope.

Who counts: members of the scope serving on ``scope.as_of``, in each document's
audience (``selectors.audience_includes``); an acknowledgement counts when it is
of the current version (``selectors.up_to_date_acknowledgements``).
"""

from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, When
from django.db.models.functions import TruncMonth

from guidance.models import Acknowledgement, Document
from guidance.selectors import (
    acknowledgement_in_audience_q,
    audience_includes,
    member_in_audience_q,
    up_to_date_acknowledgements,
)
from portal.aggregates import count_subquery
from portal.models import Member


def document_uptake(scope):
    """Published documents with ``audience_size`` (serving members of the scope in the audience),
    ``up_to_date`` (of those, who acknowledged the current version by ``as_of``) and ``rate``,
    lowest rate first. One query."""
    on = scope.as_of
    audience = Member.objects.filter(scope.serving_q()).filter(member_in_audience_q(on=on))
    acknowledgements = (
        up_to_date_acknowledgements(OuterRef("acknowledge_from"))
        .filter(document=OuterRef("pk"), acknowledged_at__date__lte=on)
        .filter(scope.serving_q("member__"))
        .filter(acknowledgement_in_audience_q(on))
    )
    return (
        Document.objects.published()
        .annotate(
            audience_size=count_subquery(audience), up_to_date=count_subquery(acknowledgements, "member")
        )
        .annotate(
            rate=Case(
                When(audience_size=0, then=None),
                default=F("up_to_date") * 100.0 / F("audience_size"),
                output_field=FloatField(),
            )
        )
        .select_related("current_version", "committee")
        # Only what the rows show: the sort then moves small rows, not every document's text.
        .only("title", "audience", "committee__name", "current_version__number", "acknowledge_from")
        .order_by(F("rate").asc(nulls_last=True), "title")
    )


def acknowledgements_by_month(scope):
    """Per month of the period: acknowledgements made and members making them (dicts, month as a date)."""
    return (
        Acknowledgement.objects.filter(
            acknowledged_at__date__gte=scope.start, acknowledged_at__date__lte=scope.end
        )
        .filter(scope.member_filter("member__"))
        .annotate(month=TruncMonth("acknowledged_at"))
        .values("month")
        .annotate(acknowledgements=Count("pk"), members=Count("member", distinct=True))
        .order_by("month")
    )


def members_owing(scope):
    """Serving members of the scope with ``outstanding``: published documents in their audience
    they have not acknowledged in its current version. Most owed first."""
    in_audience = audience_includes(
        audience=F("audience"),
        committee=OuterRef("committee"),
        member_type=OuterRef("member_type"),
        member=OuterRef(OuterRef("pk")),
        on=scope.as_of,
    )
    owed = (
        Document.objects.published()
        .filter(in_audience)
        .exclude(
            Exists(
                up_to_date_acknowledgements(OuterRef("acknowledge_from")).filter(
                    document=OuterRef("pk"), member=OuterRef(OuterRef("pk"))
                )
            )
        )
    )
    return (
        Member.objects.filter(scope.serving_q())
        .annotate(outstanding=count_subquery(owed))
        .filter(outstanding__gt=0)
        .select_related("authority")
        .order_by("-outstanding", "last_name", "first_name")
    )
