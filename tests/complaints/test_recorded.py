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


POSTAL_ADDRESS = "4 Mill Lane\nAmberley\nFB2 7QT"


def record_without_email(client, member, **overrides):
    data = recorded_form(member, complainant_email="", complainant_address=POSTAL_ADDRESS, **overrides)
    return client.post("/complaints/cases/record/", data)


def test_it_records_a_postal_complaint_with_no_email_and_marks_the_letter_for_post(
    client_for, monitoring_officer, parish_member, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    client = client_for(monitoring_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = record_without_email(client, parish_member)
    run_tasks()
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == f"/complaints/cases/{complaint.pk}/"
    assert complaint.complainant_email == "" and complaint.stage == Stage.RECEIVED
    assert mailoutbox == []
    letter = complaint.events.get(kind=CaseEvent.Kind.BY_POST)
    assert complaint.reference in letter.note and "post it to the address given" in letter.note
    page = client.get(response.url).content.decode()
    assert "None given: we tell them by post" in page
    assert "The complainant has no email address: send them a letter saying" in page


def test_it_asks_for_an_address_or_phone_when_there_is_no_email(
    client_for, monitoring_officer, parish_member
):
    response = client_for(monitoring_officer).post(
        "/complaints/cases/record/",
        recorded_form(parish_member, complainant_email="", complainant_address="", complainant_phone=""),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "If they have none, enter their postal address or phone number" in page
    assert "This field is required" not in page
    assert not Complaint.objects.exists()


def test_it_still_checks_an_email_address_that_is_given(client_for, monitoring_officer, parish_member):
    response = client_for(monitoring_officer).post(
        "/complaints/cases/record/", recorded_form(parish_member, complainant_email="not-an-address")
    )
    assert response.status_code == 400
    assert "Enter an email address in the right form" in response.content.decode()


def test_it_marks_a_phone_call_when_there_is_only_a_phone_number(
    client_for, monitoring_officer, parish_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(monitoring_officer).post(
            "/complaints/cases/record/",
            recorded_form(parish_member, complainant_email="", complainant_address="", received_via="phone"),
        )
    letter = Complaint.objects.get().events.get(kind=CaseEvent.Kind.BY_POST)
    assert "(phone them)" in letter.note


def test_the_public_form_still_needs_an_email(client, parish_member):
    from tests.complaints.test_intake import FORM, form_data

    response = client.post(
        FORM, form_data(parish_member, complainant_email="", complainant_address=POSTAL_ADDRESS)
    )
    assert response.status_code == 400
    assert "Enter your email address." in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_service_refuses_a_complainant_nobody_could_reach(monitoring_officer, parish_member):
    import uuid

    import pytest

    from complaints import services
    from portal.errors import DomainError
    from tests.complaints.conftest import details

    with pytest.raises(DomainError, match="postal address or phone number"):
        services.complaint_record(
            form_token=uuid.uuid4(),
            details=details(
                parish_member, complainant_email="", complainant_address="", complainant_phone=""
            ),
            received_via="post",
            received_on=timezone.localdate(),
            actor=monitoring_officer,
        )
    assert not Complaint.objects.exists()


def test_every_step_that_writes_to_the_complainant_marks_a_letter_instead(
    monitoring_officer,
    independent_person,
    parish_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    import uuid

    from complaints import services
    from tests.complaints.conftest import advance, details

    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.complaint_record(
            form_token=uuid.uuid4(),
            details=details(
                parish_member,
                complainant_email="",
                complainant_address=POSTAL_ADDRESS,
                confidentiality_requested=True,
                confidentiality_reasons="I live next door to the councillor.",
            ),
            received_via="post",
            received_on=timezone.localdate(),
            actor=monitoring_officer,
        ).complaint
        services.confidentiality_decide(
            complaint=complaint,
            actor=monitoring_officer,
            granted=False,
            reasons="The account identifies you.",
        )
        complaint = advance(
            complaint,
            Stage.NO_FURTHER_ACTION,
            actor=monitoring_officer,
            independent_person=independent_person,
        )
    run_tasks()
    assert [m.to for m in mailoutbox if m.to == [""]] == []
    assert all(m.to != [] and m.to != [""] for m in mailoutbox)
    notes = list(complaint.events.filter(kind=CaseEvent.Kind.BY_POST).values_list("note", flat=True))
    assert len(notes) == 4
    for what in ["is received", "not to keep their name", "the acknowledgement", "the decision notice"]:
        assert any(what in note for note in notes), what
