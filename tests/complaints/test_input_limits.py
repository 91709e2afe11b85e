"""The public form's limits on what an anonymous visitor can store (issue 13)."""

import datetime
import os
import uuid

import pytest
from django.utils import timezone

from complaints import services
from complaints.models import CaseDocument, Complaint
from tests.complaints.conftest import details
from tests.complaints.test_intake import FORM, form_data
from tests.kit import link_in, pdf_upload, png_upload, text_of


def test_it_refuses_a_200000_character_address_and_keeps_the_input(client, parish_member):
    address = "Flat 1, Long Lane" + "e" * 199_983  # 200,000 characters
    response = client.post(FORM, form_data(parish_member, complainant_address=address))
    assert response.status_code == 400
    text = text_of(response.content)
    assert "Keep your postal address under 500 characters (it has 200000)." in text
    assert "At the parish meeting the councillor shouted" in text
    assert address in response.content.decode()
    assert Complaint.objects.count() == 0 and CaseDocument.objects.count() == 0


def test_it_accepts_an_address_of_500_characters(client, parish_member):
    response = client.post(FORM, form_data(parish_member, complainant_address="x" * 500))
    assert response.status_code == 302
    assert Complaint.objects.get().complainant_address == "x" * 500


# --- Public evidence in quarantine -----------------------------------------------------------


@pytest.fixture
def sent(client, parish_member, django_capture_on_commit_callbacks, run_tasks, mailoutbox):
    """A public complaint with two files, its confirmation email delivered."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            FORM, form_data(parish_member, evidence=[pdf_upload("minutes.pdf"), png_upload()])
        )
    run_tasks()
    return response


def test_it_holds_public_evidence_apart_until_the_email_is_confirmed(
    sent, client, mailoutbox, django_capture_on_commit_callbacks
):
    complaint = Complaint.objects.get()
    assert CaseDocument.objects.count() == 0
    assert complaint.documents.count() == 0
    held = CaseDocument.with_quarantined.get(complaint=complaint, original_name="minutes.pdf")
    assert held.quarantined
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mailoutbox[0].body, "/complaints/confirm/"))
    assert sorted(d.original_name for d in complaint.documents.all()) == ["minutes.pdf", "screenshot.png"]
    assert not CaseDocument.with_quarantined.filter(quarantined=True).exists()


def test_it_keeps_evidence_from_a_signed_in_member_out_of_quarantine(client_for, councillor, parish_member):
    response = client_for(councillor).post(
        FORM, form_data(parish_member, evidence=[pdf_upload("minutes.pdf")])
    )
    assert response.status_code == 302
    assert Complaint.objects.get().documents.get().original_name == "minutes.pdf"


def test_it_deletes_quarantined_evidence_with_the_unconfirmed_complaint(db):
    stale = services.complaint_submit(
        form_token=uuid.uuid4(), details=details(), evidence=[pdf_upload("stale.pdf")]
    ).complaint
    Complaint.objects.filter(pk=stale.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=8))
    path = CaseDocument.with_quarantined.get(complaint=stale).file.path
    assert os.path.exists(path)
    services.anonymise_closed_complaints()
    assert not Complaint.objects.exists()
    assert not CaseDocument.with_quarantined.exists()
    assert not os.path.exists(path)


def test_it_refuses_evidence_over_the_hourly_quota_for_one_address(client, parish_member, settings):
    settings.COMPLAINT_PUBLIC_EVIDENCE_BYTES_PER_HOUR = 3 * len(pdf_upload("a.pdf").read())
    first = client.post(FORM, form_data(parish_member, evidence=[pdf_upload("a.pdf"), pdf_upload("b.pdf")]))
    assert first.status_code == 302
    second = client.post(FORM, form_data(parish_member, evidence=[pdf_upload("c.pdf"), pdf_upload("d.pdf")]))
    assert second.status_code == 429
    text = text_of(second.content)
    assert "these files would take you over" in text
    assert "Send your complaint without them" in text
    assert "At the parish meeting the councillor shouted" in text
    assert Complaint.objects.count() == 1
    assert CaseDocument.with_quarantined.count() == 2
    # Without files, the complaint itself is still welcome.
    third = client.post(FORM, form_data(parish_member))
    assert third.status_code == 302


def test_it_counts_the_quota_per_client_address(client, parish_member, settings):
    settings.COMPLAINT_PUBLIC_EVIDENCE_BYTES_PER_HOUR = len(pdf_upload("a.pdf").read())
    assert client.post(FORM, form_data(parish_member, evidence=[pdf_upload("a.pdf")])).status_code == 302
    other = client.post(
        FORM, form_data(parish_member, evidence=[pdf_upload("b.pdf")]), REMOTE_ADDR="192.0.2.77"
    )
    assert other.status_code == 302


def test_it_refuses_a_body_over_the_total_limit_with_413(db, client, settings):
    settings.REQUEST_MAX_BYTES = 1024
    response = client.post(FORM, {"what_happened": "x" * 5000})
    assert response.status_code == 413
    assert "the most we accept at once is 1.0" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_it_refuses_a_body_whose_length_is_not_a_number(db, client):
    response = client.generic(
        "POST", FORM, b"a=b", CONTENT_TYPE="application/x-www-form-urlencoded", CONTENT_LENGTH="lots"
    )
    assert response.status_code == 400
