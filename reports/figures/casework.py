"""Monitoring Officer casework: figures only, handed over by the casework apps, never content or names.

The steering group sees casework only over a period of at least a quarter,
with every topic, stage and month listed (zeros too), so a short period or a
missing category cannot point at one question or complaint.
"""

import datetime

from advice.figures import steering_figures as question_figures
from complaints.figures import steering_figures as complaint_figures
from reports.figures.common import finish
from reports.tables import SUPPRESSED, ChartSpec, Column, Table, is_small

CASEWORK_NOTE = "Casework figures cover the period only: the member filters do not apply to them."
# The shortest period the steering group sees casework figures for: a quarter (Q1 has 90 days).
MIN_CASEWORK_DAYS = 90


def casework(scope, *, names):
    if not names and scope.days < MIN_CASEWORK_DAYS:
        return [
            Table(
                key="casework-period",
                caption="Monitoring Officer casework",
                columns=[Column("measure", "Measure", kind="label")],
                rows=[],
                empty=f"Casework figures are given over a quarter or more. This period has {scope.days} "
                "days: choose “Last quarter”, “Last 12 months” or dates at least three months apart.",
            )
        ]
    questions = question_figures(scope.start, scope.end)
    complaints = complaint_figures(scope.start, scope.end)
    return [*_question_tables(questions, names=names), *_complaint_tables(complaints, scope, names=names)]


def _hide_small(value, hide):
    return SUPPRESSED if hide and is_small(value) else value


def _question_tables(figures, *, names):
    hide = not names
    by_topic = figures.get("by_topic") or _summed(figures["by_topic_month"], "topic_label")
    by_month = figures.get("by_month") or _summed(figures["by_topic_month"], "month")
    topic_rows = [{"topic": row["topic_label"], "questions": row["count"]} for row in by_topic]
    month_rows = [{"month": f"{row['month']:%B %Y}", "questions": row["count"]} for row in by_month]
    answered, within = figures["answered"], figures["answered_within_target"]
    share = figures["share_answered_within_target"]
    few_answers = hide and answered < 5
    timing_rows = [
        {"measure": "Questions received", "value": _hide_small(figures["received"], hide)},
        {"measure": "Questions answered", "value": _hide_small(answered, hide)},
        {"measure": "Answered within the target time", "value": _hide_small(within, hide)},
        {
            "measure": "Share answered within target (%)",
            "value": None
            if share is None or answered < 5
            else (SUPPRESSED if hide and is_small(within) else round(share * 100)),
        },
        {
            "measure": "Median working days to first response",
            "value": SUPPRESSED if few_answers else figures["median_working_days_to_first_response"],
        },
        {
            "measure": "Median working days to answer",
            "value": SUPPRESSED if few_answers else figures["median_working_days_to_answer"],
        },
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
        finish(
            Table(
                key="questions-by-topic",
                caption="Questions to the Monitoring Officer by topic",
                columns=[Column("topic", "Topic", kind="label"), Column("questions", "Questions")],
                rows=topic_rows,
                totals=["questions"],
                empty="No questions in this period.",
            ),
            names=names,
        ),
        finish(
            Table(
                key="questions-by-month",
                caption="Questions to the Monitoring Officer each month",
                columns=[Column("month", "Month", kind="label"), Column("questions", "Questions")],
                rows=month_rows,
                totals=["questions"],
                chart=ChartSpec("line", "Questions to the Monitoring Officer per month", value="questions"),
                empty="No questions in this period.",
            ),
            names=names,
        ),
    ]


def _summed(rows, key):
    totals = {}
    for row in rows:
        totals[row[key]] = totals.get(row[key], 0) + row["count"]
    label = "topic_label" if key == "topic_label" else "month"
    return [{label: k, "count": n} for k, n in sorted(totals.items())]


def _quarters(start: datetime.date, end: datetime.date):
    day = datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while day <= end:
        yield f"{day.year} Q{(day.month - 1) // 3 + 1}"
        day = datetime.date(day.year + (day.month > 9), (day.month + 2) % 12 + 1, 1)


def _complaint_tables(figures, scope, *, names):
    total = figures["total"]

    def counts(key, caption, heading, *, partition=True):
        return finish(
            Table(
                key=f"complaints-{key.replace('_', '-')}",
                caption=caption,
                columns=[Column("label", heading, kind="label"), Column("count", "Complaints")],
                rows=[{"label": row["label"], "count": row["count"]} for row in figures[key]],
                totals=["count"] if partition else [],
                total_values={"count": total},
            ),
            names=names,
        )

    by_council = {row["key"]: row["count"] for row in figures["by_council"]}
    received = {row["quarter"]: row for row in figures["by_quarter"]}
    quarter_rows = [
        {
            "quarter": quarter,
            "total": received.get(quarter, {}).get("total", 0),
            "district": received.get(quarter, {}).get("district", 0),
            "parish": received.get(quarter, {}).get("parish", 0),
            "unknown": received.get(quarter, {}).get("unknown", 0),
        }
        for quarter in _quarters(scope.start, scope.end)
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
        counts("by_outcome", "Standards complaints by outcome", "Outcome", partition=False),
        counts("by_source", "Standards complaints by who complained", "Complainant"),
        counts("by_council", "Standards complaints: district or parish", "Member complained about"),
        finish(
            Table(
                key="complaints-by-quarter",
                caption="Standards complaints received per quarter",
                columns=[
                    Column("quarter", "Quarter", kind="label"),
                    Column("total", "All"),
                    Column("district", "About district councillors"),
                    Column("parish", "About parish and town councillors"),
                    Column("unknown", "Member not identified"),
                ],
                rows=quarter_rows,
                sums=[("total", ["district", "parish", "unknown"])],
                totals=["total", "district", "parish", "unknown"],
                total_values={
                    "total": total,
                    "district": by_council.get("district"),
                    "parish": by_council.get("parish"),
                    "unknown": by_council.get("unknown"),
                },
                empty="No complaints received in this period.",
            ),
            names=names,
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
