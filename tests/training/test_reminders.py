"""The reminder run: two days before a session, and for induction, each reminder once."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from training import services
from training.models import Booking


def test_it_reminds_members_two_days_before_and_only_once(
    councillor, other_councillor, make_session, run_tasks, capsys
):
    soon = make_session(starts_in=datetime.timedelta(hours=40))
    later = make_session(starts_in=datetime.timedelta(days=5))
    services.booking_book(session=soon, member=councillor.member, actor=councillor)
    services.booking_book(session=later, member=other_councillor.member, actor=other_councillor)
    run_tasks()
    mail.outbox.clear()

    call_command("send_training_reminders")
    assert "Session reminders queued: 1." in capsys.readouterr().out
    run_tasks()
    assert [m.to for m in mail.outbox] == [["cllr.ward@example.org"]]
    assert mail.outbox[0].subject.startswith("Reminder: Social media basics")
    assert Booking.objects.get(session=soon).reminded_at is not None

    call_command("send_training_reminders")
    assert "Session reminders queued: 0." in capsys.readouterr().out
    run_tasks()
    assert len(mail.outbox) == 1


def test_it_does_not_remind_about_cancelled_places_or_sessions(
    councillor, other_councillor, member_support, make_session, run_tasks
):
    soon = make_session(starts_in=datetime.timedelta(hours=30))
    booking = services.booking_book(session=soon, member=councillor.member, actor=councillor)
    services.booking_cancel(booking=booking, actor=member_support, override_cutoff=True)
    cancelled = make_session(starts_in=datetime.timedelta(hours=30))
    services.booking_book(session=cancelled, member=other_councillor.member, actor=other_councillor)
    services.session_cancel(session=cancelled, actor=member_support, reason="Room unavailable")
    assert services.reminders_send() == {"sessions": 0, "induction": 0}


def test_it_reminds_members_behind_on_induction_at_most_weekly(
    make_member, make_pack, make_course, run_tasks
):
    course = make_course("Welcome session")
    pack = make_pack(items=[(course, 7)], opens_on=datetime.date(2020, 1, 1))
    member = make_member(
        term_start=timezone.localdate() - datetime.timedelta(days=20), email="late@example.org"
    )
    run_tasks()
    mail.outbox.clear()
    assert services.reminders_send()["induction"] == 1
    assert services.reminders_send()["induction"] == 0
    in_a_week = timezone.now() + datetime.timedelta(days=8)
    assert services.reminders_send(now=in_a_week)["induction"] == 1
    run_tasks()
    assert [m.to for m in mail.outbox] == [["late@example.org"], ["late@example.org"]]
    assert pack.assignments.get(member=member).last_reminded_at is not None


def test_the_background_task_sends_the_reminders(councillor, make_session, run_tasks):
    from training.tasks import send_training_reminders

    session = make_session(starts_in=datetime.timedelta(hours=20))
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    run_tasks()
    mail.outbox.clear()
    send_training_reminders.enqueue()
    run_tasks()  # the reminder task runs, and queues the email task, which runs too
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Reminder"]
