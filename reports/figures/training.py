"""The training section (bookings, attendance, completions) and committee eligibility."""

from portal.aggregates import rate
from reports.figures.common import NAMED_LIST_LIMIT, finish, shared
from reports.tables import ChartSpec, Column, Table
from training import eligibility
from training import figures as training_figures


@shared
def courses_table(scope, *, names=True):
    rows = []
    for course in training_figures.courses(scope):
        marked = course.attended + course.absent + course.no_shows
        rows.append(
            {
                "title": course.title,
                "sessions": course.sessions_held,
                "booked": course.booked,
                "attended": course.attended,
                "no_shows": course.no_shows,
                "waiting": course.waiting,
                "attendance_rate": rate(course.attended, marked),
                "marked": marked,
                "completions": course.completed_in_period,
            }
        )
    return Table(
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
        totals=["booked", "attended", "no_shows", "waiting", "completions"],
        # Completions also add up in the month table: that "All" figure is never withheld.
        own_totals=["booked", "attended", "no_shows", "waiting"],
        note="Sessions that started in the period. Attendance rate is attended out of places with a "
        "register mark; completions include e-learning and external certificates.",
    )


def training(scope, *, names):
    return [
        courses_table(scope, names=names),
        mandatory_by_group(scope, names=names),
        completions_by_month(scope, names=names),
    ]


def mandatory_by_group(scope, *, names):
    """Share of members up to date with every course mandatory for all members, per political group."""
    rows = [
        {
            "group": row["political_group"] or "No group",
            "members": row["members"],
            "compliant": row["compliant"],
            "rate": rate(row["compliant"], row["members"]),
        }
        for row in training_figures.mandatory_by_group(scope)
    ]
    table = Table(
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
        totals=["members", "compliant"],
        own_totals=["compliant"],
        note="Courses mandatory for all members, with a completion still in date at the end of the period.",
        chart=ChartSpec(
            "bar", "Share of members up to date with mandatory training, by political group", value="rate"
        ),
    )
    return finish(table, names=names)


def completions_by_month(scope, *, names):
    rows = [
        {"month": f"{row['month']:%B %Y}", "completions": row["completions"], "members": row["members"]}
        for row in training_figures.completions_by_month(scope)
    ]
    table = Table(
        key="completions-by-month",
        caption="Training completed each month",
        columns=[
            Column("month", "Month", kind="label"),
            Column("completions", "Completions"),
            Column("members", "Members completing"),
        ],
        rows=rows,
        totals=["completions"],
        chart=ChartSpec("line", "Training completions per month", value="completions"),
        empty="No training completed in this period.",
    )
    return finish(table, names=names)


# --- Committee eligibility --------------------------------------------------------


@shared
def committees_table(scope, *, names):
    days = eligibility.EXPIRY_WARNING_DAYS
    rows = [
        {
            "committee": row["committee__name"],
            "members": row["n_members"],
            "eligible": row["n_eligible"] - row["n_expiring"],
            "expiring": row["n_expiring"],
            "not_eligible": row["n_not_eligible"],
            "rate": rate(row["n_eligible"], row["n_members"]),
        }
        for row in training_figures.eligibility_by_committee(scope)
    ]
    table = Table(
        key="committees",
        caption="Mandatory training for committee members",
        columns=[
            Column("committee", "Committee", kind="label"),
            Column("members", "Members"),
            Column("eligible", f"Eligible, training in date for over {days} days"),
            Column("expiring", f"Eligible, training expires within {days} days"),
            Column("not_eligible", "Not eligible to sit"),
            Column("rate", "Eligible now", kind="rate", base="members"),
        ],
        rows=rows,
        group_size="members",
        sums=[("members", ["eligible", "expiring", "not_eligible"])],
        totals=["members", "eligible", "expiring", "not_eligible"],
        own_totals=["members", "eligible", "expiring", "not_eligible"],
        note="Committees with required training. A member is eligible to sit while every required course "
        "is completed and in date; “Eligible now” counts both eligible columns. The “All” row counts "
        "committee places, so a member on two committees counts twice.",
        chart=ChartSpec("bar", "Share of each committee's members eligible to sit", value="rate"),
        empty="No committee has required training set.",
    )
    return finish(table, names=names)


def committees(scope, *, names):
    tables = [committees_table(scope, names=names)]
    if names:
        tables.append(not_eligible_list(scope))
    return tables


def not_eligible_list(scope):
    places = training_figures.places_to_chase(scope)

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
