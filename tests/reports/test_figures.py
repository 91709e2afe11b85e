"""Every report figure against the hand-built council in conftest.py, whose answers are known."""

import datetime

import pytest
from django.utils import timezone

from reports import figures
from reports.filters import Scope
from reports.tables import SUPPRESSED, render_row

pytestmark = pytest.mark.django_db


def scope(**filters):
    today = timezone.localdate()
    return Scope(start=today - datetime.timedelta(days=364), end=today, **filters)


def rows_by(table, key):
    return {row[key]: row for row in table.rows}


def test_guidance_counts_only_acknowledgements_since_the_last_material_change(council):
    documents = rows_by(figures.guidance(scope(), names=True)[0], "title")
    guide = documents["Social media guide"]
    # 11 serving members (the leaver is not counted though she acknowledged v2).
    # Up to date: R1 (v2), R2 and N2 (v3, a minor change after v2). R3-R6 read only v1.
    assert guide["version"] == 3
    assert guide["members"] == 11
    assert guide["acknowledged"] == 3
    assert guide["not_acknowledged"] == 8
    assert round(guide["rate"]) == 27


def test_guidance_for_a_committee_counts_only_its_members(council):
    planning = rows_by(figures.guidance(scope(), names=True)[0], "title")["Planning committee guide"]
    assert (planning["members"], planning["acknowledged"]) == (3, 1)


def test_guidance_filters_by_political_group_and_member_type(council):
    red = rows_by(figures.guidance(scope(group="Red"), names=True)[0], "title")["Social media guide"]
    assert (red["members"], red["acknowledged"]) == (6, 2)
    co_opted = rows_by(figures.guidance(scope(member_type="co_opted"), names=True)[0], "title")[
        "Social media guide"
    ]
    assert (co_opted["members"], co_opted["acknowledged"]) == (1, 0)


def test_the_named_list_of_members_with_guidance_to_read(council):
    tables = {t.key: t for t in figures.guidance(scope(), names=True)}
    chase = {row["name"]: row["outstanding"] for row in tables["members-to-chase"].rows}
    assert "Cllr R1 Member" not in chase  # read both of hers
    assert chase["Cllr R2 Member"] == 1  # the planning guide
    assert chase["Cllr B1 Member"] == 2
    assert chase["Cllr B2 Member"] == 1  # not on Planning
    assert not any(name.startswith("Cllr L1") for name in chase)  # left
    assert len(chase) == 9


def test_training_per_course_counts_bookings_attendance_and_completions(council):
    courses = rows_by(figures.training(scope(), names=True)[0], "title")
    chairing = courses["Chairing meetings"]
    assert chairing["sessions"] == 1
    assert (chairing["booked"], chairing["attended"], chairing["no_shows"]) == (4, 2, 1)
    assert chairing["attendance_rate"] == 50.0  # 2 of 4 marked (one no-show, one absent)
    assert chairing["completions"] == 2  # from attending
    # Completions in the period: the 5-year-old one is outside it.
    assert courses["Code of Conduct"]["completions"] == 5
    assert courses["Planning essentials"]["completions"] == 2  # 30 and 330 days ago; 400 is outside


def test_mandatory_training_by_group_ignores_expired_completions(council):
    groups = rows_by(figures.training(scope(), names=True)[1], "group")
    assert (groups["Red"]["members"], groups["Red"]["compliant"]) == (6, 5)
    assert (groups["Blue"]["members"], groups["Blue"]["compliant"]) == (2, 0)  # B1's has expired
    assert groups["No group"]["members"] == 1


def test_committee_eligibility_counts_trained_expiring_and_not_eligible(council):
    planning = rows_by(figures.committees(scope(), names=True)[0], "committee")["Planning Committee"]
    assert planning["members"] == 3
    assert planning["eligible"] == 1  # R1
    assert planning["expiring"] == 1  # B1, within 60 days
    assert planning["not_eligible"] == 1  # R2, expired
    chase = figures.committees(scope(), names=True)[1]
    assert {(row["name"], row["status"]) for row in chase.rows} == {
        ("Cllr R2 Member", "Not eligible to sit"),
        ("Cllr B1 Member", "Training expires soon"),
    }


def test_induction_progress_per_cohort(council):
    cohort = figures.induction(scope(), names=True)[0].rows[0]
    assert cohort["pack"] == "New members 2026"
    assert (cohort["members"], cohort["complete"], cohort["behind"]) == (2, 0, 1)
    assert cohort["average"] == 25.0  # N1 0 of 2, N2 1 of 2


def test_induction_steps_and_who_is_behind_for_one_cohort(council):
    tables = {t.key: t for t in figures.induction(scope(cohort=council.pack), names=True)}
    steps = {row["item"]: (row["members"], row["done"]) for row in tables["cohort-items"].rows}
    assert steps == {"Social media guide": (2, 1), "Code of Conduct": (2, 0)}
    assert [row["name"] for row in tables["induction-behind"].rows] == ["Cllr N1 New"]


def test_the_cohort_filter_narrows_every_section_to_its_members(council):
    guide = rows_by(figures.guidance(scope(cohort=council.pack), names=True)[0], "title")[
        "Social media guide"
    ]
    assert (guide["members"], guide["acknowledged"]) == (2, 1)


def test_the_steering_group_sees_small_groups_as_fewer_than_five(council):
    table = figures.committees(scope(), names=False)[0]
    cells = [cell.text for cell in render_row(table, table.rows[0], suppress=True)]
    assert cells == ["Planning Committee", SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED]
    cells = [cell.text for cell in render_row(table, table.rows[0], suppress=False)]
    assert cells == ["Planning Committee", "3", "1", "1", "1", "67%"]


def test_a_named_list_is_never_built_for_the_steering_group(council):
    for section in (figures.guidance, figures.committees, figures.induction):
        assert not any(table.names for table in section(scope(), names=False))
