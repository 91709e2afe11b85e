"""An email the mail server refuses is retried later and never undoes what queued it (issue 13)."""

import smtplib
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import OutboxMessage
from portal.tasks import RETRY_DELAYS, send_email
from training import services
from training.models import Booking

SMTP_DOWN = mock.patch(
    "django.core.mail.backends.locmem.EmailBackend.send_messages",
    side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
)


def waiting_tasks():
    return DBTaskResult.objects.filter(task_path="portal.tasks.send_email", status="READY")


def test_it_keeps_the_booking_when_the_mail_server_is_down(
    client_for, councillor, session, run_tasks, mailoutbox, caplog
):
    response = client_for(councillor).post(f"/training/sessions/{session.pk}/book/")
    assert response.status_code == 302
    with SMTP_DOWN:
        run_tasks()
    assert Booking.objects.get(session=session, member=councillor.member).status == "booked"
    outbox = OutboxMessage.objects.get()
    assert outbox.sent_at is None
    assert outbox.payload != ""
    assert outbox.attempts == 1
    assert "SMTPServerDisconnected" in outbox.last_error
    assert "retrying in 0:01:00" in caplog.text
    assert "cllr.ward@example.org" not in caplog.text
    assert mailoutbox == []


def test_it_retries_a_failed_email_after_a_growing_wait(
    client_for, councillor, session, run_tasks, mailoutbox
):
    client_for(councillor).post(f"/training/sessions/{session.pk}/book/")
    with SMTP_DOWN:
        run_tasks()
    retry = waiting_tasks().get()
    assert retry.run_after > timezone.now() + RETRY_DELAYS[0] - timezone.timedelta(seconds=10)
    run_tasks()  # not due yet: nothing sent
    assert mailoutbox == []
    waiting_tasks().update(run_after=timezone.now())
    run_tasks()
    assert [m.to for m in mailoutbox] == [["cllr.ward@example.org"]]
    assert OutboxMessage.objects.get().sent_at is not None


def test_it_gives_up_after_the_last_retry_and_says_so(db, councillor, session, caplog):
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    outbox = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=outbox.pk).update(attempts=len(RETRY_DELAYS))
    before = waiting_tasks().count()
    with SMTP_DOWN:
        assert send_email.call(message_id=outbox.pk) == 0
    assert waiting_tasks().count() == before
    assert "giving up" in caplog.text


def test_it_rolls_the_email_back_with_the_booking(
    db, councillor, session, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.booking_book(session=session, member=councillor.member, actor=councillor)
        raise RuntimeError("after queuing")
    assert callbacks == []
    assert not Booking.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()
