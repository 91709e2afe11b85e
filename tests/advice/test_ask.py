"""A member asks the Monitoring Officer a question."""

import datetime
import re
import threading
import uuid

import pytest
from django.core import mail
from django.db import connection

from advice import services
from advice.models import Attachment, Priority, Question, QuestionEvent, State
from guidance.models import Document
from portal.errors import DomainError
from portal.workdays import add_working_days
from tests.advice.conftest import pdf_file, png_file


def form_data(**fields):
    data = {
        "topic": "gifts_hospitality",
        "subject": "Charity dinner invitation",
        "body": "A local firm has offered me a seat at its table at the hospice dinner. May I accept?",
        "token": str(uuid.uuid4()),
    }
    data.update(fields)
    return data


@pytest.fixture
def published_document(monitoring_officer):
    def make(slug="social-media-guide", audience=Document.Audience.ALL_MEMBERS, committee=None, **fields):
        from guidance.models import DocumentVersion

        document = Document.objects.create(
            slug=slug,
            title=fields.pop("title", "Social Media Guide for Councillors"),
            summary="How to use social media well as a councillor.",
            category=fields.pop("category", Document.Category.SOCIAL_MEDIA),
            owning_team="Communications",
            audience=audience,
            committee=committee,
            **fields,
        )
        version = DocumentVersion.objects.create(
            document=document,
            number=1,
            title=document.title,
            summary=document.summary,
            body="Think before you post.",
            body_html="<p>Think before you post.</p>",
            change_note="First version",
        )
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.PUBLISHED, current_version=version
        )
        document.refresh_from_db()
        return document

    return make


def test_it_shows_the_ask_form_with_the_topics(client_for, councillor):
    response = client_for(councillor).get("/ask/new/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ask the Monitoring Officer" in page
    for topic in ["Social media", "Interests and declarations", "Gifts and hospitality", "Predetermination"]:
        assert topic in page
    assert 'name="token"' in page
    assert response["Cache-Control"].count("no-store")


def test_it_records_a_question_and_sends_the_member_to_it(client_for, councillor):
    data = form_data()
    client = client_for(councillor)
    response = client.post("/ask/new/", data)
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ask/questions/{question.pk}/"
    assert question.asked_by == councillor
    assert question.member == councillor.member
    assert question.topic == "gifts_hospitality"
    assert question.subject == "Charity dinner invitation"
    assert question.state == State.NEW
    assert question.priority == Priority.NORMAL
    assert question.due_on == add_working_days(question.received_at, 5)
    assert str(question.submission_token) == data["token"]
    event = QuestionEvent.objects.get(question=question)
    assert (event.actor, event.from_status, event.to_status) == (councillor, "", State.NEW)
    page = client.get(response["Location"]).content.decode()
    assert "Your question has been sent to the Monitoring Officer" in page
    assert "Charity dinner invitation" in page
    assert "May I accept?" in page


def test_it_records_an_urgent_request_with_its_reason_and_a_shorter_deadline(client_for, councillor):
    client_for(councillor).post(
        "/ask/new/", form_data(urgent_requested="on", urgency_reason="The dinner is on Friday.")
    )
    question = Question.objects.get()
    assert question.urgent_requested is True
    assert question.urgency_reason == "The dinner is on Friday."
    assert question.priority == Priority.URGENT
    assert question.due_on == add_working_days(question.received_at, 2)


def test_it_refuses_an_urgent_request_without_a_reason_and_keeps_what_was_typed(client_for, councillor):
    response = client_for(councillor).post(
        "/ask/new/", form_data(subject="Gift from a contractor", urgent_requested="on")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Say why you need an answer urgently" in page
    assert 'value="Gift from a contractor"' in page
    assert "May I accept?" in page
    assert not Question.objects.exists()


def test_it_refuses_an_empty_question(client_for, councillor):
    response = client_for(councillor).post("/ask/new/", form_data(body="", subject=""))
    assert "This field is required" in response.content.decode()
    assert not Question.objects.exists()


def test_it_makes_one_question_when_the_form_is_sent_twice(client_for, councillor):
    client = client_for(councillor)
    data = form_data()
    first = client.post("/ask/new/", data)
    second = client.post("/ask/new/", data)
    assert Question.objects.count() == 1
    assert first["Location"] == second["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "You had already sent this question" in page


def test_it_emails_the_officers_once_for_a_double_submission(
    client_for, councillor, monitoring_officer, emails
):
    data = form_data()
    client = client_for(councillor)
    with emails() as sent:
        client.post("/ask/new/", data)
        client.post("/ask/new/", data)
    assert len(sent) == 1


def test_it_refuses_to_reuse_another_members_form_token(councillor, other_councillor, ask):
    question = ask(councillor)
    with pytest.raises(DomainError):
        services.question_ask(
            asker=other_councillor, topic="other", subject="x", body="y", token=question.submission_token
        )
    assert Question.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_makes_one_question_when_two_identical_submissions_race(roles_kept, councillor):
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(
                services.question_ask(
                    asker=councillor, topic="conduct", subject="Race", body="Same form twice", token=token
                )
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Question.objects.filter(submission_token=token).count() == 1
    assert sorted(created for _, created in results) == [False, True]
    assert len({question.pk for question, _ in results}) == 1


def test_it_keeps_files_attached_to_the_question(client_for, councillor):
    client_for(councillor).post(
        "/ask/new/", form_data(attachments=[pdf_file("invitation.pdf"), png_file("table-plan.png")])
    )
    question = Question.objects.get()
    names = sorted(
        Attachment.objects.filter(question=question, message=None).values_list("original_name", flat=True)
    )
    assert names == ["invitation.pdf", "table-plan.png"]
    stored = Attachment.objects.get(original_name="invitation.pdf").file.name
    assert "invitation" not in stored  # stored under a random name
    page = client_for(councillor).get(f"/ask/questions/{question.pk}/").content.decode()
    assert "invitation.pdf" in page


def test_it_refuses_a_file_that_is_not_what_its_name_says(client_for, councillor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = client_for(councillor).post("/ask/new/", form_data(attachments=[fake]))
    page = response.content.decode()
    assert "minutes.pdf is not a PDF" in page
    assert "choose them again" in page
    assert not Question.objects.exists()


def test_it_refuses_a_file_that_is_too_big(client_for, councillor, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = client_for(councillor).post("/ask/new/", form_data(attachments=[pdf_file(body=b"x" * 500)]))
    assert "the largest file we accept is" in response.content.decode()
    assert not Question.objects.exists()


def test_it_refuses_more_than_five_files(client_for, councillor):
    files = [pdf_file(f"file{n}.pdf") for n in range(6)]
    response = client_for(councillor).post("/ask/new/", form_data(attachments=files))
    assert "You can attach up to 5 files" in response.content.decode()
    assert not Question.objects.exists()


# --- Related guidance -------------------------------------------------------------


def test_it_prefills_the_guidance_document_the_member_came_from(client_for, councillor, published_document):
    document = published_document()
    page = client_for(councillor).get(f"/ask/new/?document={document.pk}").content.decode()
    assert f'<option value="{document.pk}" selected>Social Media Guide for Councillors</option>' in page
    assert re.search(r'value="social_media"[^>]*\bchecked\b', page)


def test_it_does_not_prefill_a_document_the_member_may_not_see(
    client_for, councillor, published_document, make_committee
):
    licensing = make_committee("Licensing Committee")
    document = published_document(
        slug="licensing-handbook",
        title="Licensing Handbook",
        audience=Document.Audience.COMMITTEE,
        committee=licensing,
    )
    page = client_for(councillor).get(f"/ask/new/?document={document.pk}").content.decode()
    assert "Licensing Handbook" not in page


def test_it_refuses_a_posted_document_the_member_may_not_see(
    client_for, councillor, published_document, make_committee
):
    document = published_document(
        slug="licensing-handbook",
        audience=Document.Audience.COMMITTEE,
        committee=make_committee("Licensing Committee"),
    )
    response = client_for(councillor).post("/ask/new/", form_data(document=document.pk))
    assert "Select a valid choice" in response.content.decode()
    assert not Question.objects.exists()


def test_it_links_the_question_to_the_guidance_document(client_for, councillor, published_document):
    document = published_document()
    client_for(councillor).post("/ask/new/", form_data(document=document.pk))
    question = Question.objects.get()
    assert question.document == document
    page = client_for(councillor).get(f"/ask/questions/{question.pk}/").content.decode()
    assert f'href="/guidance/{document.slug}/"' in page


# --- Emails -----------------------------------------------------------------------


def test_it_queues_the_email_until_the_question_is_saved(
    client_for, councillor, monitoring_officer, run_tasks
):
    client_for(councillor).post("/ask/new/", form_data())
    run_tasks()  # the test's transaction has not committed, so nothing was queued
    assert mail.outbox == []


def test_it_emails_both_monitoring_officers_without_the_question(
    client_for, councillor, monitoring_officer, deputy_monitoring_officer, member_support, emails
):
    with emails() as sent:
        client_for(councillor).post("/ask/new/", form_data(body="My brother owns the Red Lion pub."))
    assert len(sent) == 1
    message = sent[0]
    assert sorted(message.to) == ["deputy.mo@example.org", "mo@example.org"]
    question = Question.objects.get()
    assert question.reference in message.subject
    assert f"/ask/queue/{question.pk}/" in message.body
    assert "Red Lion" not in message.body
    assert "Charity dinner invitation" not in message.body + message.subject
    assert "Morgan" not in message.body


def test_it_marks_an_urgent_request_in_the_officers_email(client_for, councillor, monitoring_officer, emails):
    with emails() as sent:
        client_for(councillor).post(
            "/ask/new/", form_data(urgent_requested="on", urgency_reason="Meeting tomorrow")
        )
    assert "urgent" in sent[0].subject
    assert "Meeting tomorrow" not in sent[0].body


def test_it_sends_no_email_when_the_question_is_not_saved(client_for, councillor, monitoring_officer, emails):
    with emails() as sent:
        client_for(councillor).post("/ask/new/", form_data(subject=""))
    assert sent == []


def test_it_counts_working_days_from_a_friday(ask, councillor, received_at):
    question = received_at(ask(councillor), datetime.date(2025, 3, 7))  # a Friday
    assert question.due_on == datetime.date(2025, 3, 14)  # five working days: the next Friday


def test_it_reshows_the_ask_form_with_the_error_summary_and_an_error_title(client_for, councillor):
    response = client_for(councillor).post("/ask/new/", form_data(subject="", body="Kept words"))
    page = response.content.decode()
    assert "<title>Error: Ask the Monitoring Officer" in page
    assert 'id="error-summary"' in page
    assert '<a href="#id_subject">This field is required.</a>' in page
    assert "Kept words" in page


def test_it_tells_someone_who_may_not_ask_why_on_the_403_page(client_for, member_support):
    response = client_for(member_support).get("/ask/new/")
    assert response.status_code == 403
    assert "Only councillors and co-opted members can ask" in response.content.decode()
