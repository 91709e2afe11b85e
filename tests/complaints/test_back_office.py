"""The back office for case files, and the dashboard panels for the people who work on complaints."""

import pytest

from complaints import services
from complaints.models import Complaint
from complaints.stages import Stage
from tests.kit import text_of


@pytest.fixture
def case(make_complaint, subject_member):
    return make_complaint(subject=subject_member)


def test_it_shows_case_files_in_the_back_office_to_the_monitoring_officer(
    client_for, case, monitoring_officer
):
    client = client_for(monitoring_officer)
    index = client.get("/back-office/")
    assert "Standards complaints" in text_of(index.content)
    listing = client.get("/back-office/complaints/complaint/")
    assert listing.status_code == 200
    assert case.reference in text_of(listing.content)
    search = client.get("/back-office/complaints/complaint/", {"q": case.reference})
    assert case.reference in text_of(search.content)


@pytest.mark.parametrize("persona", ["member_support", "councillor", "independent_person"], indirect=True)
def test_it_keeps_case_files_out_of_everyone_elses_back_office(client_for, case, persona):
    client = client_for(persona)
    assert "Standards complaints" not in text_of(client.get("/back-office/").content)
    response = client.get(f"/back-office/complaints/complaint/{case.pk}/change/")
    assert response.status_code in (302, 403)
    assert case.complainant_name not in text_of(response.content)


def test_it_changes_nothing_in_the_back_office(client_for, case, monitoring_officer):
    client = client_for(monitoring_officer)
    response = client.post(
        f"/back-office/complaints/complaint/{case.pk}/change/", {"stage": "closed", "reference": "X"}
    )
    assert response.status_code == 403
    assert Complaint.objects.get(pk=case.pk).stage == Stage.RECEIVED
    assert client.get("/back-office/complaints/complaint/add/").status_code == 403


def test_it_acknowledges_from_the_back_office_through_the_service(client_for, case, monitoring_officer):
    response = client_for(monitoring_officer).post(
        "/back-office/complaints/complaint/",
        {"action": "acknowledge", "_selected_action": [case.pk]},
        follow=True,
    )
    assert "1 complaint acknowledged." in text_of(response.content)
    case.refresh_from_db()
    assert case.stage == Stage.ACKNOWLEDGED
    assert case.events.filter(to_status=Stage.ACKNOWLEDGED, actor=monitoring_officer).exists()


# --- Dashboard panels ------------------------------------------------------------------------------


def test_it_shows_an_independent_person_the_cases_they_are_asked_about(
    client_for, case, make_complaint, independent_person, monitoring_officer
):
    other = make_complaint()
    services.ip_assign(complaint=case, independent_person=independent_person, actor=monitoring_officer)
    text = text_of(client_for(independent_person).get("/").content)
    assert "Complaints you are consulted on" in text
    assert case.reference in text and other.reference not in text
    assert "Your account is ready" not in text


def test_it_tells_an_independent_person_with_no_cases_so(client_for, independent_person, db):
    text = text_of(client_for(independent_person).get("/").content)
    assert "has not asked for your view on any complaint at present" in text


def test_it_shows_a_member_the_complaint_they_have_been_told_of(
    client_for, case, councillor, other_councillor, monitoring_officer
):
    services.complaint_move(complaint=case, target=Stage.ACKNOWLEDGED, actor=monitoring_officer)
    notice = services.subject_notify(complaint=case, actor=monitoring_officer, allegation_summary="Shouting.")
    text = text_of(client_for(councillor).get("/").content)
    assert "A complaint about you" in text
    assert f"Complaint {case.reference}" in text
    assert f"please respond by {notice.respond_by:%-d %b %Y}" in text
    assert "A complaint about you" not in text_of(client_for(other_councillor).get("/").content)


def test_it_shows_the_complaints_link_in_the_header_only_to_case_officers(
    client_for, monitoring_officer, member_support
):
    assert 'href="/complaints/cases/"' in client_for(monitoring_officer).get("/").content.decode()
    assert 'href="/complaints/cases/"' not in client_for(member_support).get("/").content.decode()


def test_it_links_the_form_and_the_register_from_the_footer(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/complaints/"' in html and 'href="/complaints/decisions/"' in html
