"""Standards complaints' figures for the steering group: counts only, any figure from 1 to 4 hidden."""

import datetime

from django.db.models import Count, F, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from complaints.models import Complaint
from complaints.stages import OUTCOME_STAGES, Stage
from portal.models import Authority

SMALL_NUMBER = 5
FEWER_THAN = f"fewer than {SMALL_NUMBER}"


def _suppressed(value: int):
    return FEWER_THAN if 0 < value < SMALL_NUMBER else value


def _share(within: int, measured: int):
    if measured < SMALL_NUMBER:
        return {
            "measured": _suppressed(measured),
            "within": _suppressed(within),
            "share": FEWER_THAN if measured else None,
        }
    return {
        "measured": measured,
        "within": _suppressed(within),
        # A share of a hidden count would give the count away (share x measured).
        "share": FEWER_THAN if 0 < within < SMALL_NUMBER else f"{round(100 * within / measured)}%",
    }


def steering_figures(start: datetime.date, end: datetime.date) -> dict:
    """Complaints received between ``start`` and ``end`` (inclusive), as counts only.

    Counts by current stage, by outcome, by who complained, by district or
    parish, per quarter, and the share of targets met. No names; any figure
    from 1 to 4 reads "fewer than 5". Two queries, both database aggregates.
    """
    today = timezone.localdate()
    cases = Complaint.objects.confirmed().filter(received_at__date__gte=start, received_at__date__lte=end)
    district = Q(subject_authority__kind=Authority.Kind.DISTRICT)
    parish = Q(subject_authority__parent__isnull=False)
    ack_done = Q(acknowledged_at__isnull=False)
    ack_late_open = Q(acknowledged_at__isnull=True, acknowledgement_due_on__lt=today)
    assess_done = Q(assessment_decided_at__isnull=False, assessment_due_on__isnull=False)
    assess_late_open = Q(
        assessment_decided_at__isnull=True,
        assessment_due_on__lt=today,
        stage__in=[Stage.ACKNOWLEDGED, Stage.INITIAL_ASSESSMENT],
    )
    measures = {
        "total": Count("pk"),
        "district": Count("pk", filter=district),
        "parish": Count("pk", filter=parish),
        "unknown_council": Count("pk", filter=Q(subject_authority__isnull=True)),
        "ack_measured": Count("pk", filter=ack_done | ack_late_open),
        "ack_within": Count(
            "pk", filter=ack_done & Q(acknowledged_at__date__lte=F("acknowledgement_due_on"))
        ),
        "assess_measured": Count("pk", filter=assess_done | assess_late_open),
        "assess_within": Count(
            "pk", filter=assess_done & Q(assessment_decided_at__date__lte=F("assessment_due_on"))
        ),
    }
    stages = [s for s in Stage if s != Stage.UNCONFIRMED]
    for stage in stages:
        measures[f"stage_{stage.value}"] = Count("pk", filter=Q(stage=stage))
    for outcome in OUTCOME_STAGES:
        measures[f"outcome_{outcome.value}"] = Count("pk", filter=Q(outcome=outcome))
    for source in Complaint.Source:
        measures[f"source_{source.value}"] = Count("pk", filter=Q(source=source))
    totals = cases.aggregate(**measures)
    quarters = (
        cases.annotate(quarter=TruncQuarter("received_at"))
        .values("quarter")
        .annotate(
            total=Count("pk"),
            district=Count("pk", filter=district),
            parish=Count("pk", filter=parish),
            unknown=Count("pk", filter=Q(subject_authority__isnull=True)),
        )
        .order_by("quarter")
    )
    return {
        "start": start,
        "end": end,
        "suppressed_below": SMALL_NUMBER,
        "total": _suppressed(totals["total"]),
        "by_stage": [
            {"key": s.value, "label": s.label, "count": _suppressed(totals[f"stage_{s.value}"])}
            for s in stages
        ],
        "by_outcome": [
            {"key": o.value, "label": o.label, "count": _suppressed(totals[f"outcome_{o.value}"])}
            for o in OUTCOME_STAGES
        ],
        "by_source": [
            {"key": s.value, "label": s.label, "count": _suppressed(totals[f"source_{s.value}"])}
            for s in Complaint.Source
        ],
        "by_council": [
            {"key": "district", "label": "District councillors", "count": _suppressed(totals["district"])},
            {"key": "parish", "label": "Parish and town councillors", "count": _suppressed(totals["parish"])},
            {
                "key": "unknown",
                "label": "Member not identified",
                "count": _suppressed(totals["unknown_council"]),
            },
        ],
        "by_quarter": [
            {
                "quarter": f"{row['quarter'].year} Q{(row['quarter'].month - 1) // 3 + 1}",
                "start": timezone.localdate(row["quarter"])
                if timezone.is_aware(row["quarter"])
                else row["quarter"].date(),
                "total": _suppressed(row["total"]),
                "district": _suppressed(row["district"]),
                "parish": _suppressed(row["parish"]),
                "unknown": _suppressed(row["unknown"]),
            }
            for row in quarters
        ],
        "within_target": {
            "acknowledgement": _share(totals["ack_within"], totals["ack_measured"]),
            "initial_assessment": _share(totals["assess_within"], totals["assess_measured"]),
        },
    }
