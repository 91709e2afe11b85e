"""The small-number rule, the period presets and the SVG charts, without a database."""

import datetime

from reports.charts import BarChart, LineChart
from reports.filters import period_dates
from reports.tables import SUPPRESSED, WITHHELD, Column, Table, render_row

TABLE = Table(
    key="t",
    caption="Test",
    columns=[
        Column("name", "Group", kind="label"),
        Column("members", "Members"),
        Column("done", "Done"),
        Column("rate", "Rate", kind="rate", base="members"),
        Column("median", "Median days", kind="number"),
    ],
    rows=[],
    group_size="members",
)


def texts(row, suppress):
    return [cell.text for cell in render_row(TABLE, row, suppress=suppress)]


def test_it_hides_every_figure_of_a_group_smaller_than_five_from_the_steering_group():
    row = {"name": "Green Valleys", "members": 4, "done": 4, "rate": 100.0, "median": 2.5}
    assert texts(row, suppress=True) == ["Green Valleys", SUPPRESSED, SUPPRESSED, SUPPRESSED, "2.5"]


def test_it_shows_member_support_the_same_small_group_in_full():
    row = {"name": "Green Valleys", "members": 4, "done": 4, "rate": 100.0, "median": 2.5}
    assert texts(row, suppress=False) == ["Green Valleys", "4", "4", "100%", "2.5"]


def test_it_hides_a_small_count_inside_a_large_group_but_keeps_the_rest():
    # The rate goes with the count it was worked out from: 25% of 12 is the hidden 3.
    row = {"name": "Independents", "members": 12, "done": 3, "rate": 25.0, "median": None}
    assert texts(row, suppress=True) == ["Independents", "12", SUPPRESSED, SUPPRESSED, "–"]


def test_it_shows_zero_and_five_as_figures():
    row = {"name": "A", "members": 5, "done": 0, "rate": 0.0, "median": 1.0}
    assert texts(row, suppress=True) == ["A", "5", "0", "0%", "1.0"]


def test_the_period_presets():
    today = datetime.date(2026, 11, 21)
    assert period_dates("this_quarter", today) == (datetime.date(2026, 10, 1), today)
    assert period_dates("last_quarter", today) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert period_dates("municipal_year", today) == (datetime.date(2026, 5, 1), today)
    assert period_dates("municipal_year", datetime.date(2027, 2, 1)) == (
        datetime.date(2026, 5, 1),
        datetime.date(2027, 2, 1),
    )
    assert period_dates("last_12_months", today) == (datetime.date(2025, 11, 22), today)


def test_a_bar_chart_is_a_labelled_image_that_says_fewer_than_five_instead_of_drawing():
    svg = str(
        BarChart(
            id="c1",
            title="Rates <by> group",
            description="A: 50%",
            bars=[("A & B", 50.0), ("C", None)],
        ).svg()
    )
    assert svg.startswith('<svg class="report-chart" id="c1" role="img" aria-labelledby="c1-title c1-desc"')
    assert '<title id="c1-title">Rates &lt;by&gt; group</title>' in svg
    assert "A &amp; B" in svg
    assert ">50%<" in svg
    assert f">{SUPPRESSED}<" in svg
    assert "style=" not in svg  # the CSP allows no inline styles


def test_a_line_chart_breaks_where_a_value_is_missing():
    svg = str(
        LineChart(
            id="c2", title="T", description="D", points=[("Jan", 1), ("Feb", 2), ("Mar", None), ("Apr", 3)]
        ).svg()
    )
    assert svg.count("<polyline") == 1  # Jan-Feb joined; Apr stands alone
    assert svg.count("<circle") == 3


def test_a_casework_chart_hides_what_its_table_hides_from_the_steering_group():
    from reports.figures import _question_tables

    figures = {
        "by_topic_month": [
            {
                "month": datetime.date(2026, 10, 1),
                "topic": "social_media",
                "topic_label": "Social media",
                "count": 2,
            },
            {
                "month": datetime.date(2026, 11, 1),
                "topic": "social_media",
                "topic_label": "Social media",
                "count": 6,
            },
        ],
        "received": 8,
        "answered": 4,
        "answered_within_target": 4,
        "share_answered_within_target": 1.0,
        "median_working_days_to_first_response": 1.5,
        "median_working_days_to_answer": 1.0,
    }
    steering = {t.key: t for t in _question_tables(figures, names=False)}["questions-by-month"].chart
    # The "All" row shows the 8 received, so November is withheld too: 8 - 6 would give October away.
    assert steering.points == [("Oct 26", None), ("Nov 26", None)]
    assert steering.description == f"October 2026: {SUPPRESSED}; November 2026: {WITHHELD}"
    officers = {t.key: t for t in _question_tables(figures, names=True)}["questions-by-month"].chart
    assert officers.points == [("Oct 26", 2), ("Nov 26", 6)]
