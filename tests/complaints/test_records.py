"""Case records: who looked at what, no caching, and anonymisation after the retention period."""

import datetime
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaints import services
from complaints.models import (
    CaseAccess,
    CaseDocument,
    CaseEvent,
    Complaint,
    DecisionNotice,
    IndependentPersonView,
    SubjectNotice,
)
from complaints.stages import Stage
from tests.complaints.conftest import COMPLAINANT, advance, details
from tests.kit import pdf_upload, text_of


@pytest.fixture
def case(make_complaint, subject_member, monitoring_officer):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    services.document_add(
        complaint=complaint,
        actor=monitoring_officer,
        upload=pdf_upload("screenshot-of-post.pdf"),
        kind="evidence",
    )
    return complaint


# --- The access log -------------------------------------------------------------------------


def test_it_logs_each_view_of_a_case_file(client_for, case, monitoring_officer, deputy_monitoring_officer):
    client_for(monitoring_officer).get(f"/complaints/cases/{case.pk}/")
    client_for(deputy_monitoring_officer).get(f"/complaints/cases/{case.pk}/assessment/")
    entries = list(CaseAccess.objects.filter(complaint=case).order_by("at"))
    assert [(e.user, e.action, e.detail) for e in entries] == [
        (monitoring_officer, CaseAccess.Action.VIEWED_CASE, ""),
        (deputy_monitoring_officer, CaseAccess.Action.VIEWED_CASE, "Page: initial assessment"),
    ]
    assert all(timezone.now() - e.at < datetime.timedelta(minutes=1) for e in entries)


def test_it_logs_each_download(client_for, case, monitoring_officer):
    document = case.documents.get()
    response = client_for(monitoring_officer).get(f"/complaints/cases/{case.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="screenshot-of-post.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    entry = CaseAccess.objects.get(complaint=case, action=CaseAccess.Action.DOWNLOADED)
    assert (entry.user, entry.detail) == (monitoring_officer, "screenshot-of-post.pdf")


def test_it_logs_the_independent_persons_views_and_downloads(
    client_for, case, independent_person, monitoring_officer
):
    services.ip_assign(complaint=case, independent_person=independent_person, actor=monitoring_officer)
    client = client_for(independent_person)
    page = client.get(f"/complaints/consulted/{case.pk}/")
    assert "screenshot-of-post.pdf" in text_of(page.content)
    client.get(f"/complaints/consulted/{case.pk}/documents/{case.documents.get().pk}/")
    assert list(
        CaseAccess.objects.filter(complaint=case, user=independent_person).values_list("action", flat=True)
    ) == [
        CaseAccess.Action.DOWNLOADED,
        CaseAccess.Action.VIEWED_AS_IP,
    ]


def test_it_shows_the_monitoring_officer_who_has_looked(
    client_for, case, monitoring_officer, independent_person
):
    services.ip_assign(complaint=case, independent_person=independent_person, actor=monitoring_officer)
    client_for(independent_person).get(f"/complaints/consulted/{case.pk}/")
    client = client_for(monitoring_officer)
    text = text_of(client.get(f"/complaints/cases/{case.pk}/access-log/").content)
    assert f"Who has looked at {case.reference}" in text
    assert "Hugh Barrow Viewed the case file as Independent Person" in text
    assert "Ruth Calder Viewed the access log" in text
    case_page = text_of(client.get(f"/complaints/cases/{case.pk}/").content)
    assert "Hugh Barrow Viewed the case file as Independent Person" in case_page


def test_it_logs_a_case_opened_in_the_back_office(client_for, case, monitoring_officer):
    response = client_for(monitoring_officer).get(f"/back-office/complaints/complaint/{case.pk}/change/")
    assert response.status_code == 200
    assert CaseAccess.objects.filter(
        complaint=case, user=monitoring_officer, action=CaseAccess.Action.VIEWED_IN_BACK_OFFICE
    ).exists()


def test_it_lets_the_independent_person_give_their_view_in_the_portal(
    client_for, case, independent_person, monitoring_officer
):
    services.ip_assign(complaint=case, independent_person=independent_person, actor=monitoring_officer)
    client = client_for(independent_person)
    response = client.post(
        f"/complaints/consulted/{case.pk}/",
        {"view": "A clear breach of respect; informal resolution."},
        follow=True,
    )
    assert "Your view has been recorded" in text_of(response.content)
    view = IndependentPersonView.objects.get()
    assert (view.independent_person, view.recorded_by, view.stage) == (
        independent_person,
        independent_person,
        Stage.ACKNOWLEDGED,
    )
    assert "A clear breach of respect" in text_of(
        client_for(monitoring_officer).get(f"/complaints/cases/{case.pk}/").content
    )


@pytest.mark.parametrize(
    "path",
    [
        "/complaints/cases/",
        "/complaints/cases/{pk}/",
        "/complaints/cases/{pk}/assessment/",
        "/complaints/cases/{pk}/access-log/",
        "/complaints/cases/{pk}/documents/{document}/",
    ],
)
def test_it_tells_browsers_not_to_keep_case_pages(client_for, case, monitoring_officer, path):
    response = client_for(monitoring_officer).get(path.format(pk=case.pk, document=case.documents.get().pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_tells_browsers_not_to_keep_the_members_or_the_independent_persons_pages(
    client_for, case, councillor, independent_person, monitoring_officer
):
    notice = services.subject_notify(complaint=case, actor=monitoring_officer, allegation_summary="Rude.")
    services.ip_assign(complaint=case, independent_person=independent_person, actor=monitoring_officer)
    assert "no-store" in client_for(councillor).get(f"/complaints/my-notices/{notice.pk}/")["Cache-Control"]
    assert (
        "no-store" in client_for(independent_person).get(f"/complaints/consulted/{case.pk}/")["Cache-Control"]
    )


# --- Retention ---------------------------------------------------------------------------------


def closed(make_complaint, subject, *, years_ago, **overrides):
    complaint = make_complaint(stage=Stage.CLOSED, subject=subject, **overrides)
    Complaint.objects.filter(pk=complaint.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=365 * years_ago + 2)
    )
    return Complaint.objects.get(pk=complaint.pk)


def run_command():
    out = StringIO()
    call_command("anonymise_closed_complaints", stdout=out)
    return out.getvalue()


def test_it_anonymises_cases_closed_longer_ago_than_the_retention_period(
    make_complaint, subject_member, monitoring_officer, independent_person
):
    old = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    services.document_add(
        complaint=old, actor=monitoring_officer, upload=pdf_upload("evidence.pdf"), kind="evidence"
    )
    path = old.documents.get().file.path
    services.subject_notify(
        complaint=old, actor=monitoring_officer, allegation_summary="Shouted at a resident."
    )
    advance(old, Stage.BREACH, actor=monitoring_officer, independent_person=independent_person)
    services.complaint_move(complaint=old, target=Stage.CLOSED, actor=monitoring_officer)
    Complaint.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=365 * 7))
    recent = closed(make_complaint, subject_member, years_ago=5)
    still_open = make_complaint(subject=subject_member)
    Complaint.objects.filter(pk=still_open.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=365 * 8)
    )
    register_text = DecisionNotice.objects.get(complaint=old, decision=Stage.BREACH).public_text

    assert run_command() == "Anonymised 1 complaint closed more than 6 years ago.\n"

    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert old.complainant_name == "[removed under the retention policy]"
    assert old.complainant_email == "removed@invalid"
    assert old.complainant_phone == "" and old.subject_member is None
    assert old.what_happened == "[removed under the retention policy]"
    # What the statistics need survives.
    assert (old.stage, old.outcome, old.source, old.subject_authority.name) == (
        Stage.CLOSED,
        Stage.BREACH,
        Complaint.Source.PUBLIC,
        "Fellbridge District Council",
    )
    assert old.reference and old.received_at
    assert not CaseDocument.objects.filter(complaint=old).exists()
    assert not os.path.exists(path)
    assert (
        SubjectNotice.objects.get(complaint=old).allegation_summary == "[removed under the retention policy]"
    )
    assert SubjectNotice.objects.get(complaint=old).member is None
    published = DecisionNotice.objects.get(complaint=old, decision=Stage.BREACH)
    assert published.public_text == register_text and published.is_published  # a public record stays public
    assert COMPLAINANT not in published.text
    assert IndependentPersonView.objects.get(complaint=old).view == "[removed under the retention policy]"
    assert not old.events.exclude(kind=CaseEvent.Kind.ANONYMISED).exclude(note="").exists()
    event = old.events.get(kind=CaseEvent.Kind.ANONYMISED)
    assert event.actor is None and "6 years" in event.note
    for untouched in (recent, still_open):
        untouched.refresh_from_db()
        assert untouched.anonymised_at is None and untouched.complainant_name == COMPLAINANT


def test_it_anonymises_each_case_only_once(make_complaint, subject_member):
    case = closed(make_complaint, subject_member, years_ago=7)
    run_command()
    assert run_command() == "Anonymised 0 complaints closed more than 6 years ago.\n"
    assert case.events.filter(kind=CaseEvent.Kind.ANONYMISED).count() == 1


def test_it_follows_the_retention_setting(make_complaint, subject_member, settings):
    settings.COMPLAINT_RETENTION_YEARS = 3
    case = closed(make_complaint, subject_member, years_ago=4)
    assert run_command() == "Anonymised 1 complaint closed more than 3 years ago.\n"
    case.refresh_from_db()
    assert case.anonymised_at is not None


def test_it_deletes_complaints_whose_email_was_never_confirmed(db):
    import uuid

    stale = services.complaint_submit(
        form_token=uuid.uuid4(), details=details(), evidence=[pdf_upload("stale.pdf")]
    ).complaint
    fresh = services.complaint_submit(form_token=uuid.uuid4(), details=details(), evidence=()).complaint
    Complaint.objects.filter(pk=stale.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=8))
    path = CaseDocument.with_quarantined.get(complaint=stale).file.path
    run_command()
    assert list(Complaint.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not os.path.exists(path)
