"""The steering group's figures on the registers: counts right, small numbers suppressed."""

import datetime

from django.utils import timezone

from interests.figures import gifts_by_quarter, returns_on
from portal.selectors import member_for
from tests.kit import text_of


def test_it_counts_submitted_not_yet_due_and_overdue_registers(
    councillor, other_councillor, make_member, submit_return
):
    submit_return(councillor)
    make_member(first_name="New", last_name="Starter", term_start=timezone.localdate(), term_end=None)
    district = returns_on(timezone.localdate())[0]
    assert district == {
        "label": "District council",
        "serving": 3,
        "complete": 1,
        "overdue": 1,  # the other councillor, serving since 2023
        "not_due": 1,
    }
    assert member_for(other_councillor) is not None


def test_it_counts_gifts_by_quarter_received(councillor, declare_gift):
    member = member_for(councillor)
    today = timezone.localdate()
    declare_gift(member, received_on=today - datetime.timedelta(days=1))
    declare_gift(member, received_on=today - datetime.timedelta(days=2), accepted=False)
    rows = gifts_by_quarter(today - datetime.timedelta(days=200), today)
    this_quarter = f"{today.year} Q{(today.month - 1) // 3 + 1}"
    row = next(r for r in rows if r["quarter"] == this_quarter)
    assert (row["declared"], row["accepted"], row["declined"]) == (2, 1, 1)
    assert sum(r["declared"] for r in rows) == 2
    assert len(rows) >= 3  # every quarter of the period, zeros too


def test_the_steering_group_sees_small_numbers_suppressed(client_for, mssg_member, councillor, declare_gift):
    declare_gift(member_for(councillor))
    page = text_of(client_for(mssg_member).get("/reports/interests/?period=last_12_months"))
    assert "Registers of interests" in page
    assert "fewer than 5" in page
    assert "Hale" not in page


def test_officers_see_the_figures_as_they_are(client_for, monitoring_officer, councillor, declare_gift):
    declare_gift(member_for(councillor))
    page = text_of(client_for(monitoring_officer).get("/reports/interests/"))
    assert "Gifts and hospitality registered, by quarter received" in page
