"""Annual review: what is due, "reviewed, no change", and a new version resetting the date."""

import datetime

import pytest
from django.utils import timezone

from guidance import services
from guidance.models import Document, Review
from portal.errors import DomainError


def due_on(document, day):
    Document.objects.filter(pk=document.pk).update(next_review_on=day)
    document.refresh_from_db()
    return document


def test_it_lists_overdue_and_soon_due_reviews(client_for, member_support, make_document):
    today = timezone.localdate()
    overdue = due_on(make_document("Overdue"), today - datetime.timedelta(days=10))
    soon = due_on(make_document("Soon"), today + datetime.timedelta(days=20))
    due_on(make_document("Later"), today + datetime.timedelta(days=200))

    response = client_for(member_support).get("/guidance/manage/reviews/")

    assert [d.title for d in response.context["page"]] == [overdue.title, soon.title]
    text = response.content.decode()
    assert "Overdue</span>" in text
    assert "Due soon</span>" in text
    assert "Later" not in text


def test_reviewed_no_change_records_date_reviewer_and_note(client_for, monitoring_officer, make_document):
    today = timezone.localdate()
    document = due_on(
        make_document("Seven Principles", review_interval_months=12), today - datetime.timedelta(days=3)
    )
    client = client_for(monitoring_officer)

    response = client.post(
        f"/guidance/{document.slug}/review/",
        {"reviewed_on": today.isoformat(), "note": "Checked against the 2025 Code; still right."},
        follow=True,
    )

    review = Review.objects.get()
    assert (review.outcome, review.reviewer, review.reviewed_on, review.note) == (
        "no_change",
        monitoring_officer,
        today,
        "Checked against the 2025 Code; still right.",
    )
    document.refresh_from_db()
    assert document.next_review_on == services.next_review_after(today, 12)
    assert document.last_reviewed_on == today
    assert review.version == document.current_version
    assert "Review recorded for “Seven Principles”" in response.content.decode()
    assert document.events.filter(action="reviewed").exists()


def test_it_shows_the_form_again_with_the_input_when_the_note_is_missing(
    client_for, monitoring_officer, make_document
):
    document = make_document()

    response = client_for(monitoring_officer).post(
        f"/guidance/{document.slug}/review/", {"reviewed_on": "2020-02-30", "note": ""}
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "This field is required." in text
    assert "Enter a valid date." in text
    assert 'value="2020-02-30"' in text
    assert not Review.objects.exists()


def test_it_refuses_a_review_date_in_the_future(make_document, monitoring_officer):
    document = make_document()

    with pytest.raises(DomainError, match="cannot be in the future"):
        services.document_record_review(
            document=document,
            actor=monitoring_officer,
            note="Fine.",
            reviewed_on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_the_review_page_shows_earlier_reviews(client_for, monitoring_officer, make_document, publish_again):
    document = make_document("Code of Conduct")
    publish_again(document, note="Annual review: new gifts rule.", actor=monitoring_officer)

    text = client_for(monitoring_officer).get(f"/guidance/{document.slug}/review/").content.decode()

    assert "New version published (version 2), by Ruth Calder" in text
    assert "Annual review: new gifts rule." in text


def test_a_double_submission_records_one_review(client_for, monitoring_officer, make_document):
    document = make_document()
    client = client_for(monitoring_officer)
    data = {"reviewed_on": timezone.localdate().isoformat(), "note": "Still right."}

    client.post(f"/guidance/{document.slug}/review/", data)
    client.post(f"/guidance/{document.slug}/review/", data)

    assert Review.objects.count() == 1
    assert document.events.filter(action="reviewed").count() == 1


def test_it_reshows_the_review_form_with_the_error_summary_and_an_error_title(
    client_for, monitoring_officer, make_document
):
    document = make_document()

    response = client_for(monitoring_officer).post(
        f"/guidance/{document.slug}/review/", {"reviewed_on": "2020-02-30", "note": ""}
    )

    text = response.content.decode()
    assert "<title>Error: Review: " in text
    assert 'id="error-summary"' in text
    assert '<a href="#id_reviewed_on">Enter a valid date.</a>' in text
    assert '<a href="#id_note">This field is required.</a>' in text
    assert 'value="2020-02-30"' in text


# --- The Standards Committee meeting, and the owner's reminder -------------------------


def test_it_records_the_standards_committee_meeting_that_reviewed_the_document(
    client_for, monitoring_officer, make_document
):
    document = make_document("Gifts and hospitality")
    client = client_for(monitoring_officer)
    response = client.post(
        f"/guidance/{document.slug}/review/",
        {
            "reviewed_on": "2026-03-04",
            "note": "Checked against the Code.",
            "meeting_on": "2026-03-04",
            "minute_reference": "SC 25/26 (7)",
            "meeting_outcome": "Approved without change",
        },
    )
    assert response.status_code == 302
    review = Review.objects.get(document=document, outcome=Review.Outcome.NO_CHANGE)
    assert (review.meeting_on, review.minute_reference, review.meeting_outcome) == (
        datetime.date(2026, 3, 4),
        "SC 25/26 (7)",
        "Approved without change",
    )
    text = client.get(f"/guidance/{document.slug}/review/").content.decode()
    assert "Standards Committee, 4 Mar 2026 (minute SC 25/26 (7)): Approved without change" in text


def test_it_asks_for_the_meeting_date_when_a_minute_reference_is_given(
    client_for, monitoring_officer, make_document
):
    document = make_document()
    response = client_for(monitoring_officer).post(
        f"/guidance/{document.slug}/review/",
        {"reviewed_on": "2026-03-04", "note": "Fine.", "minute_reference": "SC 25/26 (7)"},
    )
    assert response.status_code == 200
    assert "Enter the date of the Standards Committee meeting." in response.content.decode()
    assert not Review.objects.filter(outcome=Review.Outcome.NO_CHANGE).exists()


def test_it_reminds_the_owner_once_before_the_review_falls_due(
    make_document, member_support, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    from django.core.management import call_command

    today = timezone.localdate()
    owned = due_on(
        make_document("Planning protocol", owner=member_support), today + datetime.timedelta(days=20)
    )
    due_on(make_document("Later", owner=member_support), today + datetime.timedelta(days=200))
    due_on(make_document("Nobody's"), today + datetime.timedelta(days=5))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_review_reminders")
    run_tasks()
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([member_support.email], "Review due: Planning protocol")
    ]
    owned.refresh_from_db()
    assert owned.review_reminded_for == owned.next_review_on


def test_it_runs_the_review_reminders_daily():
    from portal import scheduler

    commands = {job.command: job.every for job in scheduler.registered_jobs()}
    assert commands["send_review_reminders"] == datetime.timedelta(days=1)
