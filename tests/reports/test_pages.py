"""The report pages: what the steering group never sees, CSVs, filters and query budgets.

Who may open them: test_permissions.py.
"""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Member

pytestmark = pytest.mark.django_db

SECTIONS = ["", "guidance/", "training/", "committees/", "induction/", "casework/", "print/"]


def test_an_unknown_section_is_not_found(client_for, member_support):
    assert client_for(member_support).get("/reports/nonsense/").status_code == 404


def text(response):
    return response.content.decode()


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_steering_group_sees_figures_but_no_names(client_for, mssg_member, council):
    for section in ["guidance/", "committees/", "induction/"]:
        page = text(client_for(mssg_member).get(f"/reports/{section}"))
        assert "Member</th>" not in page
        for member in council.members.values():
            assert member.last_name not in page or member.last_name in ("Member", "New"), section
            assert member.email not in page
    page = text(client_for(mssg_member).get("/reports/committees/"))
    assert "fewer than 5" in page
    assert "Committee members to chase" not in page


def test_the_steering_group_cannot_download_a_named_list(client_for, mssg_member, council):
    response = client_for(mssg_member).get("/reports/guidance/?export=members-to-chase")
    assert response.status_code == 404


def test_member_support_sees_who_to_chase_and_exact_figures(client_for, member_support, council):
    page = text(client_for(member_support).get("/reports/committees/"))
    assert "Committee members to chase about training" in page
    assert council.members["R2"].email in page
    assert "fewer than 5" not in page


def test_the_csv_has_the_table_with_the_filters_applied_and_the_same_suppression(
    client_for, mssg_member, council
):
    response = client_for(mssg_member).get("/reports/guidance/?group=Red&export=documents")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="guidance-documents-')
    rows = read_csv(response)
    assert rows[0] == [
        "Document",
        "Current version",
        "Who must read it",
        "Members",
        "Acknowledged current version",
        "Still to acknowledge",
        "Rate",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    # Red: 6 members, 2 up to date (fewer than 5), 4 still to read (fewer than 5). The rate goes
    # with them: 33.3% of 6 would give the 2 away.
    assert by_title["Social media guide"][3:] == ["6", "fewer than 5", "fewer than 5", "fewer than 5"]
    # Two Red members are on Planning: the whole row is hidden.
    assert by_title["Planning committee guide"][3:] == ["fewer than 5"] * 4


def test_member_support_downloads_everyone_to_chase(client_for, member_support, council):
    rows = read_csv(client_for(member_support).get("/reports/guidance/?export=members-to-chase"))
    assert rows[0] == ["Member", "Council", "Group", "Email", "Documents to acknowledge"]
    assert len(rows) == 1 + 9
    assert ["Cllr B1 Member", "Fellbridge District Council", "Blue", council.members["B1"].email, "2"] in rows


def test_filters_stay_in_the_links_so_a_view_can_be_shared(client_for, mssg_member, council):
    page = text(client_for(mssg_member).get("/reports/guidance/?group=Red&period=this_quarter"))
    assert "/reports/training/?period=this_quarter&amp;group=Red" in page
    assert "export=documents" in page and "group=Red&amp;export=documents" in page


def test_a_bad_custom_period_says_what_is_wrong(client_for, mssg_member, council):
    page = text(client_for(mssg_member).get("/reports/guidance/?period=custom&start=2026-05-01"))
    assert "Give both dates for your own period." in page


def test_every_chart_has_its_figures_in_a_table_beside_it(client_for, member_support, council):
    page = text(client_for(member_support).get("/reports/committees/"))
    assert 'role="img" aria-labelledby="chart-committees-title chart-committees-desc"' in page
    assert "Planning Committee: 67%" in page  # the chart's description
    assert ">Mandatory training for committee members</caption>" in page


def test_the_printable_summary_has_every_section_and_no_names(client_for, member_support, council):
    page = text(client_for(member_support).get("/reports/print/?group=Red"))
    for heading in ["Guidance", "Training", "Committee training", "Induction", "Monitoring Officer casework"]:
        assert f">{heading}</h2>" in page
    assert council.members["R2"].email not in page
    assert "portal/print-button" in page


def test_the_printable_summary_works_out_each_table_the_summary_repeats_once(
    client_for, member_support, council
):
    from unittest import mock

    from guidance import figures as guidance_figures
    from reports.figures import common

    with mock.patch.object(
        guidance_figures, "document_uptake", wraps=guidance_figures.document_uptake
    ) as uptake:
        page = text(client_for(member_support).get("/reports/print/"))
    assert uptake.call_count == 1  # the summary's and the guidance section's documents table
    assert page.count(">Guidance acknowledged, per document</caption>") == 1
    assert common._built.get() is None  # kept for that rendering only


def make_members(make_member, count):
    for n in range(count):
        make_member(
            first_name=f"Extra{n}", last_name="Person", political_group=["Red", "Blue", "Gold"][n % 3]
        )


@pytest.mark.parametrize("section", SECTIONS)
def test_each_report_page_costs_the_same_queries_for_40_and_400_members(
    client_for, member_support, council, make_member, django_assert_num_queries, section
):
    """Worked out afresh or kept from before, a page costs the same however many members there are."""
    client = client_for(member_support)
    make_members(make_member, 40)
    client.get(f"/reports/{section}")  # warm the session and content types
    cache.clear()

    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/reports/{section}").status_code == 200
    with CaptureQueriesContext(connection) as small_kept:
        assert client.get(f"/reports/{section}").status_code == 200
    assert len(small_kept) < len(small), "the second request should use the kept tables"

    make_members(make_member, 360)  # a write: the next request works the figures out again
    assert Member.objects.count() > 400
    with django_assert_num_queries(len(small)):
        client.get(f"/reports/{section}")
    with django_assert_num_queries(len(small_kept)):
        client.get(f"/reports/{section}")
