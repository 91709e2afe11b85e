"""Committee eligibility is one rule: the member's record, the dashboards and the report agree on it."""

import datetime

import pytest
from django.utils import timezone

from portal import roles
from portal.scope import Scope
from reports import figures as report_figures
from tests.kit import text_of
from training import eligibility, selectors
from training.models import CommitteeRequirement, Completion

pytestmark = pytest.mark.django_db


@pytest.fixture
def boundary_committee(make_committee, make_course, make_member, make_user, on_committee):
    """Five members of Planning whose required training stops counting on telling days."""
    today = timezone.localdate()
    horizon = eligibility.warning_horizon(today)
    planning = make_committee("Planning Committee")
    course = make_course("Planning law", refresher_months=12, requirement="committee")
    CommitteeRequirement.objects.create(committee=planning, course=course)
    expiries = {
        "Today": today,  # counts today: eligible, expiring
        "Yesterday": today - datetime.timedelta(days=1),  # not eligible
        "Horizon": horizon,  # still counts on the horizon: not expiring
        "Eve": horizon - datetime.timedelta(days=1),  # stops counting the day before: expiring
        "Never": None,  # never trained
    }
    members = {}
    for name, expires_on in expiries.items():
        user = make_user(f"{name.lower()}@example.org", role=roles.COUNCILLOR)
        member = make_member(user=user, first_name=name, last_name="Boundary")
        on_committee(member, planning)
        if name != "Never":
            Completion.objects.create(
                member=member,
                course=course,
                source=Completion.Source.CERTIFICATE,
                status=Completion.Status.VERIFIED,
                completed_on=today - datetime.timedelta(days=300),
                expires_on=expires_on,
            )
        members[name] = member
    return planning, course, members


def test_it_uses_one_warning_constant_everywhere():
    assert not hasattr(selectors, "EXPIRING_WITHIN_DAYS")
    assert eligibility.EXPIRY_WARNING_DAYS == 60


def test_it_agrees_on_eligibility_on_the_members_page_the_dashboard_and_the_report(
    boundary_committee, client_for
):
    planning, course, members = boundary_committee
    not_eligible = {"Yesterday", "Never"}
    expiring = {"Today", "Eve"}

    # The member's own record.
    for name, member in members.items():
        record = selectors.training_record(member)
        assert bool(record.gaps) == (name in not_eligible), name
        assert bool(record.expiring) == (name in expiring), name

    # The dashboards: the member's eligibility panel and the officers' list come from the same gaps.
    assert {gap.member.first_name for gap in selectors.eligibility_gaps()} == not_eligible
    for name, member in members.items():
        page = text_of(client_for(member.user).get("/").content.decode())
        flagged = "You are not eligible to sit on the Planning Committee until trained." in page
        assert flagged == (name in not_eligible), name

    # The report, for Member Support (exact figures and the list to chase).
    today = timezone.localdate()
    scope = Scope(start=today - datetime.timedelta(days=364), end=today)
    table, chase = report_figures.committees(scope, names=True)
    row = table.rows[0]
    assert (row["members"], row["eligible"], row["expiring"], row["not_eligible"]) == (5, 1, 2, 2)
    statuses = {line["name"].split()[1]: line["status"] for line in chase.rows}
    assert statuses == {
        "Yesterday": "Not eligible to sit",
        "Never": "Not eligible to sit",
        "Today": "Training expires soon",
        "Eve": "Training expires soon",
    }


def test_the_committee_table_says_what_each_column_counts(boundary_committee):
    today = timezone.localdate()
    scope = Scope(start=today - datetime.timedelta(days=364), end=today)
    table = report_figures.committees(scope, names=True)[0]
    headings = [column.heading for column in table.columns]
    # "Trained 0" beside "Eligible now 80%" read as a contradiction: both columns say "eligible".
    assert headings == [
        "Committee",
        "Members",
        "Eligible, training in date for over 60 days",
        "Eligible, training expires within 60 days",
        "Not eligible to sit",
        "Eligible now",
    ]
    cells = [cell.text for cell in table.rendered(suppress=False)[0]]
    assert cells == ["Planning Committee", "5", "1", "2", "2", "60%"]
