"""E-learning declarations, external certificates, verification, evidence and assigned courses."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.errors import DomainError
from tests.kit import PDF_BYTES, pdf_upload, text_of
from training import services
from training.models import Completion, Course, CourseAssignment


@pytest.fixture
def e_learning(make_course):
    return make_course(
        "Data protection for members",
        slug="data-protection",
        delivery=Course.Delivery.E_LEARNING,
        refresher_months=24,
        e_learning_url="https://learning.example.org/data-protection",
    )


def declare(client, course, **data):
    payload = {
        "completed_on": "2026-01-15",
        "evidence": pdf_upload("certificate.pdf"),
        "note": "Took it at home.",
    }
    payload.update(data)
    return client.post(f"/training/courses/{course.slug}/declare/", payload)


def test_it_records_an_e_learning_declaration_waiting_for_verification(client_for, councillor, e_learning):
    client = client_for(councillor)
    response = declare(client, e_learning)
    assert response.status_code == 302
    assert response["Location"] == "/training/record/"
    completion = Completion.objects.get()
    assert completion.member == councillor.member
    assert completion.source == Completion.Source.E_LEARNING
    assert completion.status == Completion.Status.PENDING
    assert completion.completed_on == datetime.date(2026, 1, 15)
    assert completion.expires_on is None
    assert completion.evidence_name == "certificate.pdf"
    assert completion.evidence.name.startswith("training/evidence/")
    assert "certificate" not in completion.evidence.name  # stored under a random name
    page = text_of(client.get("/training/record/").content.decode())
    assert "Member Support will check your evidence" in page
    assert "Being checked" in page


def test_it_keeps_one_declaration_when_it_is_sent_twice(client_for, councillor, e_learning):
    client = client_for(councillor)
    declare(client, e_learning)
    declare(client, e_learning)
    assert Completion.objects.count() == 1


def test_it_refuses_evidence_that_is_not_really_a_pdf_or_image(client_for, councillor, e_learning):
    fake = SimpleUploadedFile("certificate.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = declare(client_for(councillor), e_learning, evidence=fake)
    assert response.status_code == 200
    assert "is not a PDF, Word document (.docx), PNG image or JPEG image file" in response.content.decode()
    assert 'value="2026-01-15"' in response.content.decode()  # the member's input is kept
    assert not Completion.objects.exists()


def test_it_refuses_a_completion_date_in_the_future(client_for, councillor, e_learning):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = declare(client_for(councillor), e_learning, completed_on=tomorrow.isoformat())
    assert "The date cannot be in the future." in response.content.decode()
    assert not Completion.objects.exists()


def test_it_asks_who_issued_an_external_certificate(client_for, councillor, course):
    client = client_for(councillor)
    response = declare(client, course)
    assert response.status_code == 200
    assert "Who issued the certificate" in response.content.decode()
    assert not Completion.objects.exists()
    declare(client, course, issued_by="Local Government Association", evidence=pdf_upload())
    completion = Completion.objects.get()
    assert completion.source == Completion.Source.CERTIFICATE
    assert completion.issued_by == "Local Government Association"


def test_it_accepts_an_image_as_evidence(client_for, councillor, e_learning, image_bytes):
    screenshot = SimpleUploadedFile("done.png", image_bytes, content_type="image/png")
    declare(client_for(councillor), e_learning, evidence=screenshot)
    assert Completion.objects.get().evidence_name == "done.png"


def test_it_lets_member_support_verify_a_declaration_and_tells_the_member(
    client_for, member_support, councillor, e_learning, run_tasks
):
    declare(client_for(councillor), e_learning)
    completion = Completion.objects.get()
    client = client_for(member_support)
    queue = text_of(client.get("/training/verification/").content.decode())
    assert "Cllr Morgan Hale" in queue
    assert "Data protection for members" in queue
    response = client.post(f"/training/completions/{completion.pk}/check/", {"decision": "verify"})
    assert response.status_code == 302
    completion.refresh_from_db()
    assert completion.status == Completion.Status.VERIFIED
    assert completion.verified_by == member_support
    assert completion.expires_on == datetime.date(2028, 1, 15)
    run_tasks()
    assert mail.outbox[-1].to == ["cllr.ward@example.org"]
    assert "added Data protection for members to your training record" in mail.outbox[-1].body
    assert "Nothing to check." in client.get("/training/verification/").content.decode()


def test_it_lets_member_support_turn_down_a_declaration_with_a_reason(
    client_for, member_support, councillor, e_learning, run_tasks
):
    declare(client_for(councillor), e_learning)
    completion = Completion.objects.get()
    client = client_for(member_support)
    no_reason = client.post(
        f"/training/completions/{completion.pk}/check/", {"decision": "reject", "reason": ""}
    )
    assert no_reason.status_code == 200
    assert "This field is required" in no_reason.content.decode()
    client.post(
        f"/training/completions/{completion.pk}/check/",
        {"decision": "reject", "reason": "The certificate is for a different module."},
    )
    completion.refresh_from_db()
    assert completion.status == Completion.Status.REJECTED
    run_tasks()
    assert "The certificate is for a different module." in mail.outbox[-1].body
    record = text_of(client_for(councillor).get("/training/record/").content.decode())
    assert "Not accepted The certificate is for a different module." in record


def test_it_serves_evidence_only_to_the_member_and_member_support(
    client_for, councillor, other_councillor, member_support, monitoring_officer, e_learning
):
    declare(client_for(councillor), e_learning)
    completion = Completion.objects.get()
    url = f"/training/completions/{completion.pk}/evidence/"
    own = client_for(councillor).get(url)
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert "attachment" in own["Content-Disposition"]
    assert b"".join(own.streaming_content) == PDF_BYTES
    assert client_for(member_support).get(url).status_code == 200
    assert client_for(other_councillor).get(url).status_code == 404
    assert client_for(monitoring_officer).get(url).status_code == 404


def test_it_counts_a_completion_only_until_it_expires(councillor, make_course, member_support):
    planning = make_course("Planning", refresher_months=12)
    old = services.completion_record(
        member=councillor.member,
        course=planning,
        completed_on=timezone.localdate() - datetime.timedelta(days=400),
        source=Completion.Source.CERTIFICATE,
        actor=member_support,
    )
    assert old.expires_on < timezone.localdate()
    assert not old.is_current()
    assert not Completion.objects.current().exists()
    fresh = services.completion_record(
        member=councillor.member,
        course=planning,
        completed_on=timezone.localdate() - datetime.timedelta(days=10),
        source=Completion.Source.CERTIFICATE,
        actor=member_support,
    )
    assert list(Completion.objects.current()) == [fresh]


# --- The contract standards complaints relies on ----------------------------------------


def test_course_assign_records_a_course_the_member_must_complete(
    client_for, councillor, member_support, course, run_tasks
):
    due = timezone.localdate() + datetime.timedelta(days=60)
    assignment = services.course_assign(
        member=councillor.member,
        course=course,
        actor=member_support,
        due_on=due,
        reason="Agreed as informal resolution of a complaint.",
    )
    assert assignment.status == CourseAssignment.Status.OUTSTANDING
    record = text_of(client_for(councillor).get("/training/record/").content.decode())
    assert "Social media basics" in record
    assert "Assigned to you: Agreed as informal resolution of a complaint." in record
    assert f"{due:%-d %b %Y}" in record
    officer = text_of(client_for(member_support).get("/training/eligibility/").content.decode())
    assert "Cllr Morgan Hale Social media basics" in officer
    run_tasks()
    assert mail.outbox[-1].subject == "Training to complete: Social media basics"


def test_course_assign_is_idempotent_while_outstanding(councillor, member_support, course):
    first = services.course_assign(member=councillor.member, course=course, actor=member_support)
    second = services.course_assign(
        member=councillor.member, course=course, actor=member_support, reason="Again"
    )
    assert first.pk == second.pk
    assert CourseAssignment.objects.count() == 1


def test_course_assign_needs_a_completion_after_the_assignment(councillor, member_support, course):
    services.completion_record(
        member=councillor.member,
        course=course,
        completed_on=timezone.localdate() - datetime.timedelta(days=30),
        source=Completion.Source.CERTIFICATE,
        actor=member_support,
    )
    assignment = services.course_assign(member=councillor.member, course=course, actor=member_support)
    assignment.refresh_from_db()
    assert assignment.status == CourseAssignment.Status.OUTSTANDING
    completion = services.completion_record(
        member=councillor.member,
        course=course,
        completed_on=timezone.localdate(),
        source=Completion.Source.CERTIFICATE,
        actor=member_support,
    )
    assignment.refresh_from_db()
    assert assignment.status == CourseAssignment.Status.COMPLETED
    assert assignment.completion == completion
    again = services.course_assign(member=councillor.member, course=course, actor=member_support)
    assert again.pk != assignment.pk


def test_it_lets_member_support_assign_and_withdraw_a_course_from_a_members_record(
    client_for, member_support, councillor, course
):
    client = client_for(member_support)
    url = f"/training/members/{councillor.member.pk}/"
    response = client.post(
        url, {"course": course.pk, "due_on": "", "reason": "Requested by the group leader"}
    )
    assert response.status_code == 302
    assignment = CourseAssignment.objects.get()
    assert assignment.assigned_by == member_support
    client.post(f"/training/assignments/{assignment.pk}/withdraw/")
    assignment.refresh_from_db()
    assert assignment.status == CourseAssignment.Status.WITHDRAWN


def test_it_refuses_to_verify_a_rejected_declaration(councillor, member_support, e_learning):
    completion = services.completion_declare(
        member=councillor.member,
        course=e_learning,
        source=Completion.Source.E_LEARNING,
        completed_on=datetime.date(2026, 1, 15),
        evidence=pdf_upload(),
        actor=councillor,
    )
    services.completion_reject(completion=completion, actor=member_support, reason="Wrong module")
    with pytest.raises(DomainError, match="cannot go from"):
        services.completion_verify(completion=completion, actor=member_support)
