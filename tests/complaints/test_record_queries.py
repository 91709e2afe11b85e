"""Query budget: the officer's "record a complaint" page runs the same queries with 1 member or 50."""

import pytest

# The signed-in request's statements and the officer's two-factor check. The councillor is
# found with the form's search (the picker), so the page lists no members at all.
RECORD_QUERIES = 5


@pytest.mark.parametrize("count", [1, 50])
def test_the_record_page_runs_a_fixed_number_of_queries(
    client_for, monitoring_officer, make_member, parish, count, django_assert_num_queries
):
    for n in range(count):
        make_member(email=f"district{n}@example.org", last_name=f"District{n:02d}")
        make_member(authority=parish, email=f"parish{n}@example.org", last_name=f"Parish{n:02d}")
    client = client_for(monitoring_officer)
    client.get("/complaints/cases/record/")
    with django_assert_num_queries(RECORD_QUERIES):
        response = client.get("/complaints/cases/record/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="subject_search"' in html
    assert "District00" not in html and "Parish00" not in html
