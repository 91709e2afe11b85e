"""Ask the Monitoring Officer's figures for the steering group: counts and times, never content or names."""

import datetime

from django.db.models import Count, DateTimeField, F, FloatField, Func, IntegerField, Q
from django.db.models.aggregates import Aggregate
from django.db.models.functions import TruncMonth
from django.utils import timezone

from advice.models import Question, Topic
from portal.workdays import _bank_holidays


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "percentile_cont"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction=0.5, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


class WorkingDaysBetween(Func):
    """Working days after ``start``'s date up to and including ``end``'s date, in the database.

    Counts weekdays that are not in ``holidays`` (England and Wales bank
    holidays for the years concerned, passed in as a date array), the same
    rule as portal.workdays.working_days_between.
    """

    output_field = IntegerField()
    TEMPLATE = (
        "(SELECT COUNT(*) FROM generate_series("
        "(({start}) AT TIME ZONE %s)::date + 1, (({end}) AT TIME ZONE %s)::date, interval '1 day') AS day "
        "WHERE EXTRACT(ISODOW FROM day) < 6 AND NOT (day::date = ANY(%s::date[])))"
    )

    def __init__(self, start, end, holidays, **extra):
        self.holidays = sorted(holidays)
        super().__init__(start, end, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        start_sql, start_params = compiler.compile(self.source_expressions[0])
        end_sql, end_params = compiler.compile(self.source_expressions[1])
        # Only compiled column expressions are interpolated; every value is a parameter.
        sql = self.TEMPLATE.format(start=start_sql, end=end_sql)
        tz = timezone.get_current_timezone_name()
        return sql, (*start_params, tz, *end_params, tz, self.holidays)


class ElapsedHours(Func):
    """Clock hours from the second timestamp to the first."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0"
    arg_joiner = " - "
    output_field = FloatField()


def _holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    days = set()
    # Answers can come after the period ends, so look a year further.
    for year in range(start.year, end.year + 2):
        days |= _bank_holidays(year)
    return days


def steering_figures(start: datetime.date, end: datetime.date) -> dict:
    """Anonymous figures on questions received from ``start`` to ``end`` (inclusive). Two queries.

    Returns::

        {
          "received": int,
          "by_topic_month": [{"month": date, "topic": value, "topic_label": str, "count": int}, ...],
          "by_topic": [{"topic": value, "topic_label": str, "count": int}, ...],  # every topic
          "by_month": [{"month": date, "count": int}, ...],  # every month of the period
          "answered": int,
          "answered_within_target": int,
          "share_answered_within_target": float | None,   # 0..1, of those answered
          "median_working_days_to_first_response": float | None,
          "median_working_days_to_answer": float | None,
          "median_hours_to_first_response": float | None,
          "median_hours_to_answer": float | None,
        }

    Times are measured from receipt. Working days follow the due-date rule
    (weekends and England and Wales bank holidays do not count; a reply on
    the day of receipt is 0). Hours are elapsed clock hours. No content and
    no names are read.
    """
    questions = Question.objects.filter(received_at__date__gte=start, received_at__date__lte=end)
    labels = dict(Topic.choices)
    by_topic_month = [
        {**row, "topic_label": labels.get(row["topic"], row["topic"])}
        for row in questions.annotate(month=TruncMonth("received_at", output_field=DateTimeField()))
        .values("month", "topic")
        .annotate(count=Count("pk"))
        .order_by("month", "topic")
    ]
    for row in by_topic_month:
        row["month"] = timezone.localtime(row["month"]).date() if row["month"] else None
    holidays = _holidays_between(start, end)
    figures = questions.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        answered_within_target=Count(
            "pk",
            filter=Q(answered_at__isnull=False) & Q(answered_at__date__lte=F("due_on")),
        ),
        median_working_days_to_first_response=PercentileCont(
            WorkingDaysBetween(F("received_at"), F("first_response_at"), holidays),
            filter=Q(first_response_at__isnull=False),
        ),
        median_working_days_to_answer=PercentileCont(
            WorkingDaysBetween(F("received_at"), F("answered_at"), holidays),
            filter=Q(answered_at__isnull=False),
        ),
        median_hours_to_first_response=PercentileCont(
            ElapsedHours(F("first_response_at"), F("received_at")), filter=Q(first_response_at__isnull=False)
        ),
        median_hours_to_answer=PercentileCont(
            ElapsedHours(F("answered_at"), F("received_at")), filter=Q(answered_at__isnull=False)
        ),
    )
    answered = figures["answered"]
    figures["share_answered_within_target"] = (
        figures["answered_within_target"] / answered if answered else None
    )
    for key in list(figures):
        if key.startswith("median_") and figures[key] is not None:
            figures[key] = round(figures[key], 1)
    by_topic = {value: 0 for value, _ in Topic.choices}
    by_month = {}
    for row in by_topic_month:
        by_topic[row["topic"]] = by_topic.get(row["topic"], 0) + row["count"]
        by_month[row["month"]] = by_month.get(row["month"], 0) + row["count"]
    month = start.replace(day=1)
    while month <= end:
        by_month.setdefault(month, 0)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return {
        "by_topic_month": by_topic_month,
        # Every topic and every month of the period, zeros included: an absence reveals nothing.
        "by_topic": [
            {"topic": key, "topic_label": labels.get(key, key), "count": n} for key, n in by_topic.items()
        ],
        "by_month": [{"month": key, "count": n} for key, n in sorted(by_month.items())],
        **figures,
    }
