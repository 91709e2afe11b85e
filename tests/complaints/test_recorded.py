"""Officers record a complaint that arrived by post, email or phone, for the complainant."""

import datetime

from django.utils import timezone

from complaints.models import CaseEvent, Complaint
from complaints.stages import Stage
from tests.complaints.conftest import COMPLAINANT, COMPLAINANT_EMAIL
from tests.complaints.test_intake import form_data


def recorded_form(member, **overrides):
    data = form_data(
        member, **{"declaration": None, "received_via": "post", "received_on": "2026-11-02", **overrides}
    )
    return {key: value for key, value in data.items() if value is not None}


def test_it_records_a_postal_complaint_with_the_complainants_details_and_no_confirmation(
    client_for, monitoring_officer, parish_member, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    client = client_for(monitoring_officer)
    page = client.get("/complaints/cases/record/").content.decode()
    assert f'value="{monitoring_officer.email}"' not in page and 'value="Ruth Calder"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/complaints/cases/record/", recorded_form(parish_member))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == f"/complaints/cases/{complaint.pk}/"
    assert (complaint.stage, complaint.received_via, complaint.source) == (Stage.RECEIVED, "post", "public")
    assert (complaint.complainant_name, complaint.complainant_email) == (COMPLAINANT, COMPLAINANT_EMAIL)
    assert complaint.complainant_user is None and not complaint.confirmation_digest
    assert timezone.localdate(complaint.received_at) == datetime.date(2026, 11, 2)
    event = complaint.events.get(kind=CaseEvent.Kind.TRANSITION)
    assert event.note == "Recorded by Ruth Calder for the complainant: received by post."
    run_tasks()
    assert [m.to for m in mailoutbox] == [[COMPLAINANT_EMAIL]]  # told it was received, not asked to confirm
    assert "by post" in client.get(response.url).content.decode()


def test_it_asks_how_the_complaint_was_received(client_for, monitoring_officer, parish_member):
    response = client_for(monitoring_officer).post(
        "/complaints/cases/record/", recorded_form(parish_member, received_via="")
    )
    assert response.status_code == 400
    assert "Say how the complaint was received." in response.content.decode()
    assert not Complaint.objects.exists()


def test_it_links_the_case_list_to_recording_a_complaint(client_for, monitoring_officer):
    page = client_for(monitoring_officer).get("/complaints/cases/").content.decode()
    assert 'href="/complaints/cases/record/"' in page
