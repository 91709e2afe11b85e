"""Every figure in the uptake reports, computed by the database.

Each section function takes a Scope and returns Tables. A table's rows come
from one aggregate query (or a few, never one per row), so a page costs the
same number of queries for 40 members as for 4,000.

Who counts: rates are measured over the filtered members serving on the
period's last day (or today, if sooner). Activity in the period (bookings,
attendance, acknowledgements) counts for whoever did it, including members who
have since left.
"""

import datetime

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth

from guidance.models import Acknowledgement, Document
from portal.models import CommitteeMembership, Member
from reports.charts import BarChart, LineChart, describe_bars
from reports.tables import SUPPRESSED, Column, Table, _is_small

# Named lists show this many on the page; their CSV has everyone.
NAMED_LIST_LIMIT = 200


def _rate(part, whole):
    return None if not whole else 100.0 * part / whole


def _count_subquery(queryset, field="pk"):
    """A correlated COUNT(DISTINCT field) over ``queryset`` as an integer expression (0 when empty)."""
    counted = (
        queryset.order_by().annotate(_group=Value(1)).values("_group").annotate(n=Count(field, distinct=True))
    )
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def _per_month(*, key, caption, rows, columns, chart_title, empty, names=True):
    """A table of months (rows carry ``month`` as text) with a line chart of its first figure.

    The chart hides what the table hides: a suppressed count is not plotted.
    """
    plotted = columns[1]
    hide_small = plotted.suppress and not names

    def point(count):
        return None if hide_small and _is_small(count) else count

    values = [(row["month"], point(row[plotted.key])) for row in rows]
    return Table(
        key=key,
        caption=caption,
        columns=columns,
        rows=rows,
        chart=LineChart(
            id=f"chart-{key}",
            title=chart_title,
            description="; ".join(f"{month}: {SUPPRESSED if v is None else v}" for month, v in values)
            or empty,
            points=[(f"{month[:3]} {month[-2:]}", v) for month, v in values],
        ),
        empty=empty,
    )


def _shown(value, base, names):
    """A chart value: hidden when the steering group would see a small group."""
    if not names and _is_small(base):
        return None
    return value


def cohorts():
    """The induction cohorts offered as a filter (None when there are none to offer)."""
    from training.models import InductionPack

    return InductionPack.objects.order_by("-opens_on", "name")


# --- Guidance -------------------------------------------------------------------


def _audience_sizes(scope):
    """How many filtered serving members each kind of audience holds. Two queries."""
    on = scope.as_of
    serving = Member.objects.filter(scope.serving_q())
    by_type = serving.aggregate(
        all=Count("pk", distinct=True),
        councillors=Count("pk", distinct=True, filter=Q(member_type=Member.MemberType.COUNCILLOR)),
        co_opted=Count("pk", distinct=True, filter=Q(member_type=Member.MemberType.CO_OPTED)),
    )
    by_committee = dict(
        CommitteeMembership.objects.filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .filter(member__in=serving.values("pk"))
        .values("committee")
        .annotate(n=Count("member", distinct=True))
        .values_list("committee", "n")
    )
    return by_type, by_committee


def _guidance_documents(scope):
    """Published documents, each with how many filtered serving members are in its
    audience and how many of them have acknowledged a version at or after the
    latest material change, lowest rate first. Three queries, however many
    documents and members there are."""
    on = scope.as_of
    by_type, by_committee = _audience_sizes(scope)
    committee_size = Case(
        *(When(committee_id=pk, then=Value(n)) for pk, n in by_committee.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    audience_size = Case(
        When(audience=Document.Audience.ALL_MEMBERS, then=Value(by_type["all"])),
        When(audience=Document.Audience.COUNCILLORS, then=Value(by_type["councillors"])),
        When(audience=Document.Audience.CO_OPTED, then=Value(by_type["co_opted"])),
        When(audience=Document.Audience.COMMITTEE, then=committee_size),
        default=Value(0),
        output_field=IntegerField(),
    )
    on_committee = Exists(
        CommitteeMembership.objects.filter(
            member=OuterRef("member"), committee=OuterRef("document__committee")
        )
        .filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    )
    in_audience = (
        Q(document__audience=Document.Audience.ALL_MEMBERS)
        | Q(
            document__audience=Document.Audience.COUNCILLORS, member__member_type=Member.MemberType.COUNCILLOR
        )
        | Q(document__audience=Document.Audience.CO_OPTED, member__member_type=Member.MemberType.CO_OPTED)
        | (Q(document__audience=Document.Audience.COMMITTEE) & on_committee)
    )
    acknowledgements = (
        Acknowledgement.objects.filter(
            document=OuterRef("pk"),
            version__number__gte=OuterRef("acknowledge_from"),
            acknowledged_at__date__lte=on,
        )
        .filter(scope.serving_q("member__"))
        .filter(in_audience)
    )
    return (
        Document.objects.published()
        .annotate(audience_size=audience_size, up_to_date=_count_subquery(acknowledgements, "member"))
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


def _document_rows(documents):
    for document in documents:
        yield {
            "title": document.title,
            "version": document.current_version.number,
            "audience": document.audience_label,
            "members": document.audience_size,
            "acknowledged": document.up_to_date,
            "not_acknowledged": document.audience_size - document.up_to_date,
            "rate": document.rate,
        }


def _documents_table(scope, *, names):
    """The per-document table, and the queryset behind it (for totals without working it out again)."""
    documents = _guidance_documents(scope)
    rows = list(_document_rows(documents[:NAMED_LIST_LIMIT]))
    bars = [(row["title"], _shown(row["rate"], row["members"], names)) for row in rows]
    per_document = Table(
        key="documents",
        caption="Guidance acknowledged, per document",
        columns=[
            Column("title", "Document", kind="label"),
            Column("version", "Current version", kind="number", suppress=False),
            Column("audience", "Who must read it", kind="label"),
            Column("members", "Members"),
            Column("acknowledged", "Acknowledged current version"),
            Column("not_acknowledged", "Still to acknowledge"),
            Column("rate", "Rate", kind="rate", base="members"),
        ],
        rows=rows,
        csv_rows=lambda: _document_rows(documents.iterator(chunk_size=500)),
        group_size="members",
        note="Counts members serving at the end of the period who are in each document's audience. "
        "After a material change, only an acknowledgement of the new version counts. Lowest rate first; "
        f"the page shows up to {NAMED_LIST_LIMIT} documents and the CSV has them all.",
        chart=BarChart(
            id="chart-guidance-rates",
            title="Share of members who have acknowledged each document's current version",
            description=describe_bars(bars),
            bars=bars,
        ),
    )
    return per_document, documents


def guidance(scope, *, names):
    per_document, _ = _documents_table(scope, names=names)
    tables = [per_document, _acknowledgements_by_month(scope)]
    if names:
        tables.append(_members_with_guidance_to_read(scope))
    return tables


def _acknowledgements_by_month(scope):
    months = (
        Acknowledgement.objects.filter(
            acknowledged_at__date__gte=scope.start,
            acknowledged_at__date__lte=scope.end,
        )
        .filter(scope.member_filter("member__"))
        .annotate(month=TruncMonth("acknowledged_at"))
        .values("month")
        .annotate(acknowledgements=Count("pk"), members=Count("member", distinct=True))
        .order_by("month")
    )
    rows = [
        {
            "month": f"{row['month']:%B %Y}",
            "acknowledgements": row["acknowledgements"],
            "members": row["members"],
        }
        for row in months
    ]
    return _per_month(
        key="acknowledgements-by-month",
        caption="Acknowledgements made each month",
        rows=rows,
        columns=[
            Column("month", "Month", kind="label"),
            Column("acknowledgements", "Acknowledgements", suppress=False),
            Column("members", "Members acknowledging"),
        ],
        chart_title="Guidance acknowledgements per month",
        empty="No acknowledgements in this period.",
    )


def _on_committee_q(on, member="member", committee="document__committee"):
    return Exists(
        CommitteeMembership.objects.filter(member=OuterRef(member), committee=OuterRef(committee))
        .filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    )


def _members_with_guidance_to_read(scope):
    """Named list for chasing: serving members with at least one document still to acknowledge.

    Documents owed = those for everyone + those for the member's type + those for
    their committees; minus the ones they have acknowledged since the last
    material change. Counted per member in the database, however many documents.
    """
    on = scope.as_of
    published = Document.objects.published()
    owed_by_type = published.aggregate(
        all=Count("pk", filter=Q(audience=Document.Audience.ALL_MEMBERS)),
        councillors=Count("pk", filter=Q(audience=Document.Audience.COUNCILLORS)),
        co_opted=Count("pk", filter=Q(audience=Document.Audience.CO_OPTED)),
    )
    # Documents per committee, once; then each member's sum over their current committees.
    per_committee = dict(
        published.filter(audience=Document.Audience.COMMITTEE)
        .values("committee")
        .annotate(n=Count("pk"))
        .values_list("committee", "n")
    )
    committee_documents = Coalesce(
        Subquery(
            CommitteeMembership.objects.filter(member=OuterRef("pk"), start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .order_by()
            .values("member")
            .annotate(
                n=Sum(
                    Case(
                        *(When(committee_id=pk, then=Value(n)) for pk, n in per_committee.items()),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
            )
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )
    up_to_date = Acknowledgement.objects.filter(
        member=OuterRef("pk"),
        document__status=Document.Status.PUBLISHED,
        version__number__gte=F("document__acknowledge_from"),
    ).filter(
        Q(document__audience=Document.Audience.ALL_MEMBERS)
        | Q(
            document__audience=Document.Audience.COUNCILLORS, member__member_type=Member.MemberType.COUNCILLOR
        )
        | Q(document__audience=Document.Audience.CO_OPTED, member__member_type=Member.MemberType.CO_OPTED)
        | (Q(document__audience=Document.Audience.COMMITTEE) & _on_committee_q(on))
    )
    owed = (
        Value(owed_by_type["all"])
        + Case(
            When(member_type=Member.MemberType.COUNCILLOR, then=Value(owed_by_type["councillors"])),
            When(member_type=Member.MemberType.CO_OPTED, then=Value(owed_by_type["co_opted"])),
            default=Value(0),
        )
        + committee_documents
    )
    members = (
        Member.objects.filter(scope.serving_q())
        .annotate(outstanding=owed - _count_subquery(up_to_date, "document"))
        .filter(outstanding__gt=0)
        .select_related("authority")
        .order_by("-outstanding", "last_name", "first_name")
    )

    def rows(queryset):
        for member in queryset:
            yield {
                "name": member.display_name,
                "authority": member.authority.name,
                "group": member.political_group,
                "email": member.email,
                "outstanding": member.outstanding,
            }

    return Table(
        key="members-to-chase",
        caption="Members with guidance still to acknowledge",
        columns=[
            Column("name", "Member", kind="label"),
            Column("authority", "Council", kind="label"),
            Column("group", "Group", kind="label"),
            Column("email", "Email", kind="label"),
            Column("outstanding", "Documents to acknowledge", kind="number", suppress=False),
        ],
        rows=list(rows(members[:NAMED_LIST_LIMIT])),
        csv_rows=lambda: rows(members.iterator(chunk_size=500)),
        names=True,
        note=f"The first {NAMED_LIST_LIMIT} are listed here; the CSV has everyone.",
        empty="Everyone is up to date.",
    )


# --- Training ---------------------------------------------------------------------


def _courses_table(scope):
    from training.models import Booking, Completion, Course, Session

    members = Member.objects.filter(scope.member_filter())
    in_period = Q(session__starts_at__date__gte=scope.start, session__starts_at__date__lte=scope.end)
    bookings = Booking.objects.filter(
        in_period, session__course=OuterRef("pk"), member__in=members.values("pk")
    )
    taken_up = bookings.filter(status=Booking.Status.BOOKED)
    courses = (
        Course.objects.annotate(
            sessions_held=_count_subquery(
                Session.objects.filter(
                    course=OuterRef("pk"),
                    status=Session.Status.SCHEDULED,
                    starts_at__date__gte=scope.start,
                    starts_at__date__lte=scope.end,
                )
            ),
            booked=_count_subquery(taken_up),
            attended=_count_subquery(taken_up.filter(attendance=Booking.Attendance.ATTENDED)),
            absent=_count_subquery(taken_up.filter(attendance=Booking.Attendance.ABSENT)),
            no_shows=_count_subquery(taken_up.filter(attendance=Booking.Attendance.NO_SHOW)),
            waiting=_count_subquery(bookings.filter(status=Booking.Status.WAITING)),
            completed_in_period=_count_subquery(
                Completion.objects.verified().filter(
                    course=OuterRef("pk"),
                    completed_on__gte=scope.start,
                    completed_on__lte=scope.end,
                    member__in=members.values("pk"),
                )
            ),
        )
        .filter(
            Q(sessions_held__gt=0)
            | Q(booked__gt=0)
            | Q(completed_in_period__gt=0)
            | ~Q(requirement="optional")
        )
        .order_by("title")
    )
    rows = []
    for course in courses:
        marked = course.attended + course.absent + course.no_shows
        rows.append(
            {
                "title": course.title,
                "sessions": course.sessions_held,
                "booked": course.booked,
                "attended": course.attended,
                "no_shows": course.no_shows,
                "waiting": course.waiting,
                "attendance_rate": _rate(course.attended, marked),
                "marked": marked,
                "completions": course.completed_in_period,
            }
        )
    per_course = Table(
        key="courses",
        caption="Bookings, attendance and completions per course",
        columns=[
            Column("title", "Course", kind="label"),
            Column("sessions", "Sessions held", suppress=False),
            Column("booked", "Places booked"),
            Column("attended", "Attended"),
            Column("no_shows", "No-shows"),
            Column("waiting", "Still waiting for a place"),
            Column("attendance_rate", "Attendance rate", kind="rate", base="marked"),
            Column("completions", "Completions"),
        ],
        rows=rows,
        note="Sessions that started in the period. Attendance rate is attended out of places with a "
        "register mark; completions include e-learning and external certificates.",
    )
    return per_course


def training(scope, *, names):
    return [_courses_table(scope), _mandatory_by_group(scope, names=names), _completions_by_month(scope)]


def _current_completion(on, member_ref, course_ref):
    from training.models import Completion

    return Exists(Completion.objects.current(on).filter(member=member_ref, course=course_ref))


def _mandatory_by_group(scope, *, names):
    """Share of members up to date with every course mandatory for all members, per political group."""
    from training.models import Course

    on = scope.as_of
    missing = Course.objects.filter(requirement=Course.Requirement.ALL_MEMBERS).exclude(
        _current_completion(on, OuterRef(OuterRef("pk")), OuterRef("pk"))
    )
    groups = (
        Member.objects.filter(scope.serving_q())
        .annotate(up_to_date=~Exists(missing))
        .values("political_group")
        .annotate(members=Count("pk"), compliant=Count("pk", filter=Q(up_to_date=True)))
        .order_by("political_group")
    )
    rows = [
        {
            "group": row["political_group"] or "No group",
            "members": row["members"],
            "compliant": row["compliant"],
            "rate": _rate(row["compliant"], row["members"]),
        }
        for row in groups
    ]
    bars = [(row["group"], _shown(row["rate"], row["members"], names)) for row in rows]
    return Table(
        key="mandatory-by-group",
        caption="Members up to date with mandatory training, by political group",
        columns=[
            Column("group", "Political group", kind="label"),
            Column("members", "Members"),
            Column("compliant", "Up to date"),
            Column("rate", "Rate", kind="rate", base="members"),
        ],
        rows=rows,
        group_size="members",
        note="Courses mandatory for all members, with a completion still in date at the end of the period.",
        chart=BarChart(
            id="chart-mandatory-by-group",
            title="Share of members up to date with mandatory training, by political group",
            description=describe_bars(bars),
            bars=bars,
        ),
    )


def _completions_by_month(scope):
    from training.models import Completion

    months = (
        Completion.objects.verified()
        .filter(completed_on__gte=scope.start, completed_on__lte=scope.end)
        .filter(scope.member_filter("member__"))
        .annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(completions=Count("pk"), members=Count("member", distinct=True))
        .order_by("month")
    )
    rows = [
        {"month": f"{row['month']:%B %Y}", "completions": row["completions"], "members": row["members"]}
        for row in months
    ]
    return _per_month(
        key="completions-by-month",
        caption="Training completed each month",
        rows=rows,
        columns=[
            Column("month", "Month", kind="label"),
            Column("completions", "Completions", suppress=False),
            Column("members", "Members completing"),
        ],
        chart_title="Training completions per month",
        empty="No training completed in this period.",
    )


# --- Committee eligibility --------------------------------------------------------


EXPIRY_WARNING_DAYS = 60


def _eligibility(scope):
    """Current committee places of filtered members, each marked eligible now and in 60 days."""
    from training.models import CommitteeRequirement, Completion

    on = scope.as_of
    soon = on + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    requirements = CommitteeRequirement.objects.filter(committee=OuterRef("committee"))

    def missing_on(day):
        return requirements.exclude(
            Exists(
                Completion.objects.current(day).filter(
                    member=OuterRef(OuterRef("member")), course=OuterRef("course")
                )
            )
        )

    return (
        CommitteeMembership.objects.filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .filter(scope.serving_q("member__"))
        .annotate(eligible=~Exists(missing_on(on)), eligible_soon=~Exists(missing_on(soon)))
    )


def _committees_table(scope, *, names):
    from training.models import CommitteeRequirement

    places = (
        _eligibility(scope)
        .filter(Exists(CommitteeRequirement.objects.filter(committee=OuterRef("committee"))))
        .values("committee__name")
        .annotate(
            n_members=Count("member", distinct=True),
            n_trained=Count("member", distinct=True, filter=Q(eligible=True, eligible_soon=True)),
            n_expiring=Count("member", distinct=True, filter=Q(eligible=True, eligible_soon=False)),
            n_not_eligible=Count("member", distinct=True, filter=Q(eligible=False)),
        )
        .order_by("committee__name")
    )
    rows = [
        {
            "committee": row["committee__name"],
            "members": row["n_members"],
            "eligible": row["n_trained"],
            "expiring": row["n_expiring"],
            "not_eligible": row["n_not_eligible"],
            "rate": _rate(row["n_trained"] + row["n_expiring"], row["n_members"]),
        }
        for row in places
    ]
    bars = [(row["committee"], _shown(row["rate"], row["members"], names)) for row in rows]
    return Table(
        key="committees",
        caption="Mandatory training for committee members",
        columns=[
            Column("committee", "Committee", kind="label"),
            Column("members", "Members"),
            Column("eligible", "Trained"),
            Column("expiring", f"Training expires within {EXPIRY_WARNING_DAYS} days"),
            Column("not_eligible", "Not eligible to sit"),
            Column("rate", "Eligible now", kind="rate", base="members"),
        ],
        rows=rows,
        group_size="members",
        note="Committees with required training. A member is not eligible to sit until every required "
        "course is completed and in date.",
        chart=BarChart(
            id="chart-committees",
            title="Share of each committee's members eligible to sit",
            description=describe_bars(bars),
            bars=bars,
        ),
        empty="No committee has required training set.",
    )


def committees(scope, *, names):
    tables = [_committees_table(scope, names=names)]
    if names:
        tables.append(_not_eligible_list(scope))
    return tables


def _not_eligible_list(scope):
    from training.models import CommitteeRequirement

    places = (
        _eligibility(scope)
        .filter(Exists(CommitteeRequirement.objects.filter(committee=OuterRef("committee"))))
        .filter(Q(eligible=False) | Q(eligible_soon=False))
        .select_related("member__authority", "committee")
        .order_by("committee__name", "member__last_name", "member__first_name")
    )

    def rows(queryset):
        for place in queryset:
            yield {
                "name": place.member.display_name,
                "committee": place.committee.name,
                "status": "Not eligible to sit" if not place.eligible else "Training expires soon",
                "email": place.member.email,
            }

    return Table(
        key="committee-members-to-chase",
        caption="Committee members to chase about training",
        columns=[
            Column("name", "Member", kind="label"),
            Column("committee", "Committee", kind="label"),
            Column("status", "Status", kind="label"),
            Column("email", "Email", kind="label"),
        ],
        rows=list(rows(places[:NAMED_LIST_LIMIT])),
        csv_rows=lambda: rows(places.iterator(chunk_size=500)),
        names=True,
        empty="Every committee member is trained.",
    )


# --- Induction --------------------------------------------------------------------


def _assignments(scope):
    from training.models import InductionAssignment
    from training.selectors import with_progress

    assignments = InductionAssignment.objects.filter(scope.member_filter("member__"))
    return with_progress(assignments, scope.as_of)


def _cohorts_table(scope, *, names):
    packs = (
        _assignments(scope)
        .values("pack__name")
        .annotate(
            members=Count("pk"),
            complete=Count("pk", filter=Q(items_done__gte=F("items_total"))),
            behind=Count("pk", filter=Q(items_overdue__gt=0)),
            average=Avg(
                Case(When(items_total=0, then=None), default=F("items_done") * 100.0 / F("items_total"))
            ),
        )
        .order_by("pack__name")
    )
    rows = [
        {
            "pack": row["pack__name"],
            "members": row["members"],
            "complete": row["complete"],
            "behind": row["behind"],
            "average": row["average"],
            "rate": _rate(row["complete"], row["members"]),
        }
        for row in packs
    ]
    bars = [(row["pack"], _shown(row["average"], row["members"], names)) for row in rows]
    return Table(
        key="cohorts",
        caption="Induction progress per cohort",
        columns=[
            Column("pack", "Induction pack", kind="label"),
            Column("members", "Members"),
            Column("complete", "Finished"),
            Column("behind", "Behind (an item overdue)"),
            Column("average", "Average progress", kind="rate", base="members"),
            Column("rate", "Share finished", kind="rate", base="members"),
        ],
        rows=rows,
        group_size="members",
        chart=BarChart(
            id="chart-cohorts",
            title="Average induction progress per cohort",
            description=describe_bars(bars),
            bars=bars,
        ),
        empty="No induction packs have been assigned to these members.",
    )


def induction(scope, *, names):
    from training.models import InductionAssignment, InductionItem

    tables = [_cohorts_table(scope, names=names)]
    if scope.cohort is not None:
        assignments = InductionAssignment.objects.filter(pack=scope.cohort).filter(
            scope.member_filter("member__")
        )
        from training.selectors import _item_done_q  # the same rule the member's own page uses

        items = InductionItem.objects.filter(pack=scope.cohort).select_related("document", "course")
        # For each step: the cohort's members, and those for whom that same step
        # (looked up again one level down, correlated to the assignment's member) is done.
        step_done = Exists(
            InductionItem.objects.filter(pk=OuterRef(OuterRef("pk"))).filter(
                _item_done_q(OuterRef(OuterRef("member")), scope.as_of)
            )
        )
        items = items.annotate(
            members=_count_subquery(assignments), done=_count_subquery(assignments.filter(step_done))
        )
        item_rows = [
            {
                "item": str(item),
                "members": item.members,
                "done": item.done,
                "rate": _rate(item.done, item.members),
            }
            for item in items
        ]
        item_bars = [(row["item"], _shown(row["rate"], row["members"], names)) for row in item_rows]
        tables.append(
            Table(
                key="cohort-items",
                caption=f"{scope.cohort.name}: progress on each step",
                columns=[
                    Column("item", "Step", kind="label"),
                    Column("members", "Members"),
                    Column("done", "Done"),
                    Column("rate", "Share done", kind="rate", base="members"),
                ],
                rows=item_rows,
                group_size="members",
                chart=BarChart(
                    id="chart-cohort-items",
                    title=f"Share of the {scope.cohort.name} cohort who have done each step",
                    description=describe_bars(item_bars),
                    bars=item_bars,
                ),
            )
        )
    if names:
        tables.append(_behind_list(scope))
    return tables


def _behind_list(scope):
    assignments = (
        _assignments(scope)
        .filter(items_overdue__gt=0)
        .select_related("member", "pack")
        .order_by("-items_overdue", "member__last_name", "member__first_name")
    )

    def rows(queryset):
        for assignment in queryset:
            yield {
                "name": assignment.member.display_name,
                "pack": assignment.pack.name,
                "done": f"{assignment.items_done} of {assignment.items_total}",
                "overdue": assignment.items_overdue,
                "email": assignment.member.email,
            }

    return Table(
        key="induction-behind",
        caption="New members behind with induction",
        columns=[
            Column("name", "Member", kind="label"),
            Column("pack", "Pack", kind="label"),
            Column("done", "Steps done", kind="label"),
            Column("overdue", "Steps overdue", kind="number", suppress=False),
            Column("email", "Email", kind="label"),
        ],
        rows=list(rows(assignments[:NAMED_LIST_LIMIT])),
        csv_rows=lambda: rows(assignments.iterator(chunk_size=500)),
        names=True,
        empty="No one is behind.",
    )


# --- Monitoring Officer casework -----------------------------------------------------
# Figures only: the casework apps hand over counts and times, never content or names.

CASEWORK_NOTE = "Casework figures cover the period only: the member filters do not apply to them."


def casework(scope, *, names):
    from advice.selectors import steering_figures as question_figures
    from complaints.selectors import steering_figures as complaint_figures

    questions = question_figures(scope.start, scope.end)
    complaints = complaint_figures(scope.start, scope.end)
    return [*_question_tables(questions, names=names), *_complaint_tables(complaints)]


def _question_tables(figures, *, names):
    by_topic, by_month = {}, {}
    for row in figures["by_topic_month"]:
        by_topic[row["topic_label"]] = by_topic.get(row["topic_label"], 0) + row["count"]
        by_month[row["month"]] = by_month.get(row["month"], 0) + row["count"]
    topic_rows = [{"topic": topic, "questions": count} for topic, count in sorted(by_topic.items())]
    month_rows = [
        {"month": f"{month:%B %Y}", "questions": count} for month, count in sorted(by_month.items())
    ]
    share = figures["share_answered_within_target"]
    timing_rows = [
        {"measure": "Questions received", "value": figures["received"]},
        {"measure": "Questions answered", "value": figures["answered"]},
        {"measure": "Answered within the target time", "value": figures["answered_within_target"]},
        {
            "measure": "Share answered within target (%)",
            "value": None if share is None or figures["answered"] < 5 else round(share * 100),
        },
        {
            "measure": "Median working days to first response",
            "value": figures["median_working_days_to_first_response"],
        },
        {"measure": "Median working days to answer", "value": figures["median_working_days_to_answer"]},
    ]
    return [
        Table(
            key="questions-response",
            caption="Questions to the Monitoring Officer: response times",
            columns=[
                Column("measure", "Measure", kind="label"),
                Column("value", "Figure", kind="number", suppress=False),
            ],
            rows=timing_rows,
            note=CASEWORK_NOTE + " A reply on the day a question arrives counts as 0 working days.",
        ),
        Table(
            key="questions-by-topic",
            caption="Questions to the Monitoring Officer by topic",
            columns=[Column("topic", "Topic", kind="label"), Column("questions", "Questions")],
            rows=topic_rows,
            empty="No questions in this period.",
        ),
        _per_month(
            key="questions-by-month",
            caption="Questions to the Monitoring Officer each month",
            rows=month_rows,
            columns=[Column("month", "Month", kind="label"), Column("questions", "Questions")],
            chart_title="Questions to the Monitoring Officer per month",
            empty="No questions in this period.",
            names=names,
        ),
    ]


def _complaint_tables(figures):
    def counts(key, caption, heading):
        return Table(
            key=f"complaints-{key.replace('_', '-')}",
            caption=caption,
            columns=[Column("label", heading, kind="label"), Column("count", "Complaints")],
            rows=[{"label": row["label"], "count": row["count"]} for row in figures[key]],
        )

    quarter_rows = [
        {
            "quarter": row["quarter"],
            "total": row["total"],
            "district": row["district"],
            "parish": row["parish"],
        }
        for row in figures["by_quarter"]
    ]
    target_rows = []
    for label, key in [
        ("Acknowledged within target", "acknowledgement"),
        ("Initial assessment within target", "initial_assessment"),
    ]:
        share = figures["within_target"][key]
        target_rows.append(
            {
                "measure": label,
                "measured": share["measured"],
                "within": share["within"],
                "share": share["share"]
                if isinstance(share["share"], str)
                else (None if share["share"] is None else round(share["share"] * 100)),
            }
        )
    return [
        counts("by_stage", "Standards complaints by stage reached", "Stage"),
        counts("by_outcome", "Standards complaints by outcome", "Outcome"),
        counts("by_source", "Standards complaints by who complained", "Complainant"),
        counts("by_council", "Standards complaints: district or parish", "Member complained about"),
        Table(
            key="complaints-by-quarter",
            caption="Standards complaints received per quarter",
            columns=[
                Column("quarter", "Quarter", kind="label"),
                Column("total", "All"),
                Column("district", "About district councillors"),
                Column("parish", "About parish and town councillors"),
            ],
            rows=quarter_rows,
            empty="No complaints received in this period.",
        ),
        Table(
            key="complaints-targets",
            caption="Standards complaints handled within target",
            columns=[
                Column("measure", "Measure", kind="label"),
                Column("measured", "Complaints measured"),
                Column("within", "Within target"),
                Column("share", "Share within target (%)", kind="number", suppress=False),
            ],
            rows=target_rows,
            note="Figures from 1 to 4 always show as “fewer than 5” for complaints, whoever is looking.",
        ),
    ]


# --- Summary ----------------------------------------------------------------------------


def summary(scope, *, names):
    """Headline figures, then the main table of each section (no named lists, whoever is looking)."""
    documents_table, documents = _documents_table(scope, names=False)
    totals = documents.order_by().aggregate(
        audience=Coalesce(Sum("audience_size"), 0), acknowledged=Coalesce(Sum("up_to_date"), 0)
    )
    audience, acknowledged = totals["audience"], totals["acknowledged"]
    committee_table = _committees_table(scope, names=False)
    places = sum(row["members"] for row in committee_table.rows)
    eligible = sum(row["eligible"] + row["expiring"] for row in committee_table.rows)
    cohort_table = _cohorts_table(scope, names=False)
    inducted = sum(row["members"] for row in cohort_table.rows)
    finished = sum(row["complete"] for row in cohort_table.rows)
    training_table = _courses_table(scope)
    booked = sum(r["booked"] for r in training_table.rows)
    completions = sum(r["completions"] for r in training_table.rows)
    headlines = [
        {"measure": "Guidance: acknowledgements of current versions owed", "value": audience},
        {"measure": "Guidance: acknowledged", "value": acknowledged, "rate": _rate(acknowledged, audience)},
        {"measure": "Training: places booked", "value": booked},
        {"measure": "Training: completions", "value": completions},
        {"measure": "Committee places with required training", "value": places},
        {"measure": "Committee places eligible to sit", "value": eligible, "rate": _rate(eligible, places)},
        {"measure": "Members on an induction pack", "value": inducted},
        {
            "measure": "Members who have finished induction",
            "value": finished,
            "rate": _rate(finished, inducted),
        },
    ]
    bases = [audience, audience, booked, completions, places, places, inducted, inducted]
    for row, base in zip(headlines, bases, strict=True):
        row["base"] = base
    table = Table(
        key="headlines",
        caption="Headline figures",
        columns=[
            Column("measure", "Measure", kind="label"),
            Column("value", "Number"),
            Column("rate", "Rate", kind="rate", base="base"),
        ],
        rows=headlines,
    )
    return [table, documents_table, committee_table, cohort_table]
