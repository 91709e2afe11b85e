"""Reminders: when each goes, to whom, and that each goes once however often the job runs."""

import datetime

import pytest
from django.utils import timezone

from interests import services
from interests.models import ReminderSent, Return
from portal.scheduler import registered_jobs
from portal.selectors import member_for

TODAY = datetime.date(2027, 1, 10)


def at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


@pytest.fixture
def newcomer(make_user, make_member):
    from portal import roles

    user = make_user("cllr.newcomer@example.org", role=roles.COUNCILLOR, full_name="Aisha Rahman")
    return make_member(user=user, first_name="Aisha", last_name="Rahman", term_start=TODAY, term_end=None)


def _run(emails, day):
    with emails() as sent:
        counts = services.reminders_send(now=at(day))
    return counts, sent


def test_it_reminds_a_new_member_at_7_and_21_days_once_each(newcomer, emails):
    timeline = {}
    for offset in range(0, 29):
        counts, sent = _run(emails, TODAY + datetime.timedelta(days=offset))
        if counts["new_members"]:
            timeline[offset] = [m.to for m in sent if "fill in your register" in m.subject]
    assert timeline == {7: [[newcomer.email]], 21: [[newcomer.email]]}
    assert set(ReminderSent.objects.filter(member=newcomer).values_list("kind", flat=True)) == {
        "new_7",
        "new_21",
    }


def test_it_sends_only_the_later_reminder_when_the_first_was_missed(newcomer, emails):
    counts, _ = _run(emails, TODAY + datetime.timedelta(days=22))
    assert counts["new_members"] == 1
    assert list(ReminderSent.objects.filter(member=newcomer).values_list("kind", flat=True)) == ["new_21"]


def test_it_does_not_remind_a_new_member_who_has_submitted(newcomer, submit_return, emails):
    submit_return(newcomer)
    counts, _ = _run(emails, TODAY + datetime.timedelta(days=7))
    assert counts["new_members"] == 0


def test_it_tells_the_monitoring_officer_of_an_overdue_register_once(newcomer, monitoring_officer, emails):
    counts, _ = _run(emails, TODAY + datetime.timedelta(days=28))
    assert counts["overdue"] == 0  # due on day 28 itself
    counts, sent = _run(emails, TODAY + datetime.timedelta(days=29))
    overdue = [m for m in sent if "overdue" in m.subject]
    assert counts["overdue"] >= 1
    assert [m.to for m in overdue] == [[monitoring_officer.email]]
    assert "Aisha Rahman" in overdue[0].body
    counts, sent = _run(emails, TODAY + datetime.timedelta(days=30))
    assert counts["overdue"] == 0 and not [m for m in sent if "overdue" in m.subject]


def test_it_reminds_a_member_of_a_draft_left_for_a_week_once(councillor, submit_return, emails):
    submit_return(councillor)
    member = member_for(councillor)
    draft, _ = services.draft_start(member=member, actor=councillor)
    Return.objects.filter(pk=draft.pk).update(created_at=at(TODAY))
    assert _run(emails, TODAY + datetime.timedelta(days=6))[0]["changes"] == 0
    counts, sent = _run(emails, TODAY + datetime.timedelta(days=7))
    assert counts["changes"] == 1
    assert [m.to for m in sent if "changes" in m.subject] == [[councillor.email]]
    assert _run(emails, TODAY + datetime.timedelta(days=8))[0]["changes"] == 0


def test_it_reminds_a_member_asked_for_changes_until_they_resubmit(
    councillor, submit_return, monitoring_officer, emails
):
    version = submit_return(councillor)
    services.return_request_changes(version_id=version.pk, actor=monitoring_officer, message="Name the firm")
    Return.objects.filter(pk=version.pk).update(reviewed_at=at(TODAY))
    assert _run(emails, TODAY + datetime.timedelta(days=7))[0]["changes"] == 1
    submit_return(councillor)  # resubmitted: a later version exists
    ReminderSent.objects.all().delete()
    assert _run(emails, TODAY + datetime.timedelta(days=9))[0]["changes"] == 0


def test_it_asks_for_the_yearly_confirmation_once_a_year_from_its_month(
    councillor, submit_return, emails, settings
):
    settings.INTERESTS_ANNUAL_CONFIRMATION_MONTH = 5
    version = submit_return(councillor, publish=True)
    version.register.__class__.objects.filter(pk=version.register_id).update(
        last_submitted_at=at(TODAY.replace(year=2026))
    )
    assert _run(emails, datetime.date(2027, 4, 30))[0]["annual"] == 0
    counts, sent = _run(emails, datetime.date(2027, 5, 1))
    assert counts["annual"] == 1
    assert [m.to for m in sent if "still right" in m.subject] == [[councillor.email]]
    assert _run(emails, datetime.date(2027, 5, 2))[0]["annual"] == 0
    # Confirmed since: nothing next time either.
    services.register_confirm_unchanged(member=member_for(councillor), actor=councillor)
    assert _run(emails, datetime.date(2027, 5, 5))[0]["annual"] == 0


def test_it_is_a_scheduled_job_of_the_task_worker():
    assert "send_interest_reminders" in [job.command for job in registered_jobs()]
