"""Issue 12/14: who the reports count by default, and casework only over a quarter or more."""

import datetime

import pytest
from django.utils import timezone

from advice.models import Topic
from reports import figures
from reports.filters import Population, Scope
from reports.tables import SUPPRESSED

pytestmark = pytest.mark.django_db


def scope(**filters):
    today = timezone.localdate()
    return Scope(start=today - datetime.timedelta(days=364), end=today, **filters)


def guide_members(table):
    return {row["title"]: row["members"] for row in table.rows}["Social media guide"]


def test_it_counts_district_members_with_logins_by_default(council, make_member, parish):
    make_member(first_name="P1", last_name="Parish", authority=parish)
    make_member(first_name="D1", last_name="Nologin")  # a district member without a login
    assert guide_members(figures.guidance(scope(), names=True)[0]) == 11


def test_it_counts_parish_members_only_when_asked(council, make_member, parish):
    make_member(first_name="P1", last_name="Parish", authority=parish)
    make_member(first_name="P2", last_name="Parish", authority=parish)
    table = figures.guidance(scope(population=Population.PARISH), names=True)[0]
    assert guide_members(table) == 2


def test_it_offers_parish_members_as_a_filter_choice(client_for, mssg_member, council):
    page = client_for(mssg_member).get("/reports/").content.decode()
    assert '<option value="parish">Parish and town councillors</option>' in page
    assert "Municipal year (from May)" in page
    assert "This municipal year (from May)" not in page  # the old text was cut off in the dropdown


def test_it_gives_the_steering_group_no_casework_figures_for_less_than_a_quarter(client_for, mssg_member):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)
    page = client_for(mssg_member).get(f"/reports/casework/?period=custom&start={start}&end={today}")
    text = page.content.decode()
    assert "Casework figures are given over a quarter or more." in text
    assert "Questions to the Monitoring Officer by topic" not in text


def test_it_still_gives_officers_casework_for_a_short_period(client_for, monitoring_officer):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=1)
    text = client_for(monitoring_officer).get(f"/reports/casework/?period=custom&start={start}&end={today}")
    assert "Questions to the Monitoring Officer by topic" in text.content.decode()


def test_it_lists_every_topic_and_month_with_zeros():
    today = timezone.localdate()
    tables = {
        t.key: t
        for t in figures.casework(Scope(start=today - datetime.timedelta(days=120), end=today), names=False)
    }
    topics = [row["topic"] for row in tables["questions-by-topic"].rows]
    assert topics == [label for _, label in Topic.choices]
    assert all(row["questions"] == 0 for row in tables["questions-by-topic"].rows)
    assert len(tables["questions-by-month"].rows) >= 4
    assert tables["complaints-by-quarter"].rows  # every quarter of the period, zeros included


def test_it_hides_a_second_cell_where_a_total_would_reveal_a_small_one(council):
    # Red on the summary: the guide's 2 of 6 and the Planning guide's 1 of 2 are hidden; the "All"
    # row of the documents table would give them away, so it is withheld.
    table = figures.summary(scope(group="Red"), names=False)[1]
    all_row = [cell.text for cell in table.rendered(suppress=True)[-1]]
    # Members 8 = 6 + 2 would give the Planning guide's 2 away; acknowledged 3 is small itself.
    assert all_row[0] == "All"
    assert all_row[3:6] == ["withheld", SUPPRESSED, "5"]
