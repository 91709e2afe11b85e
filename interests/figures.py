"""The registers' figures for the steering group: counts only, never names or what anyone registered."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractQuarter, ExtractYear

from portal.models import Member

from .models import Gift, Register


def _quarters(start: datetime.date, end: datetime.date) -> list[str]:
    quarters, day = [], datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while day <= end:
        quarters.append(f"{day.year} Q{(day.month - 1) // 3 + 1}")
        day = datetime.date(day.year + (day.month > 9), (day.month + 2) % 12 + 1, 1)
    return quarters


def returns_on(day: datetime.date, members=None) -> list[dict]:
    """Serving members on ``day`` by kind of council: register submitted, not yet due, overdue (one query).

    ``members`` narrows the population (the reports' filters); every serving member by default.
    """
    members = Member.objects.current(day) if members is None else members
    due_before = day - datetime.timedelta(days=settings.INTERESTS_REGISTRATION_DAYS)
    submitted = Exists(Register.objects.filter(member=OuterRef("pk"), first_submitted_at__date__lte=day))
    rows = (
        members.annotate(submitted=submitted)
        .values("authority__kind")
        .annotate(
            serving=Count("pk"),
            complete=Count("pk", filter=Q(submitted=True)),
            overdue=Count("pk", filter=Q(submitted=False, term_start__lt=due_before)),
        )
        .order_by("authority__kind")
    )
    by_kind = {
        "district": {"serving": 0, "complete": 0, "overdue": 0},
        "local": {"serving": 0, "complete": 0, "overdue": 0},
    }
    for row in rows:
        target = by_kind["district" if row["authority__kind"] == "district" else "local"]
        for key in ("serving", "complete", "overdue"):
            target[key] += row[key]
    return [
        {"label": label, **values, "not_due": values["serving"] - values["complete"] - values["overdue"]}
        for label, values in (
            ("District council", by_kind["district"]),
            ("Parish and town councils", by_kind["local"]),
        )
    ]


def gifts_by_quarter(start: datetime.date, end: datetime.date) -> list[dict]:
    """Gifts and hospitality received in each quarter of the period: accepted, declined, late."""
    rows = {
        f"{row['year']} Q{row['quarter']}": row
        for row in Gift.objects.filter(received_on__gte=start, received_on__lte=end)
        .annotate(year=ExtractYear("received_on"), quarter=ExtractQuarter("received_on"))
        .values("year", "quarter")
        .annotate(
            declared=Count("pk"),
            accepted_count=Count("pk", filter=Q(accepted=True)),
            declined=Count("pk", filter=Q(accepted=False)),
            late=Count("pk", filter=Q(is_late=True)),
        )
    }
    return [
        {
            "quarter": quarter,
            "declared": rows.get(quarter, {}).get("declared", 0),
            "accepted": rows.get(quarter, {}).get("accepted_count", 0),
            "declined": rows.get(quarter, {}).get("declined", 0),
            "late": rows.get(quarter, {}).get("late", 0),
        }
        for quarter in _quarters(start, end)
    ]
