"""Working-day targets: weekends and bank holidays skipped, clocks that pause while we wait."""

import datetime

import pytest
from django.utils import timezone

from complaints import deadlines, selectors, services
from complaints.models import CaseEvent, Complaint
from complaints.stages import Stage
from portal.errors import DomainError
from tests.kit import text_of


def received_on(complaint, day: datetime.date) -> Complaint:
    """Pretend the complaint arrived on ``day`` at 10am, with its clock set from then."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Complaint.objects.filter(pk=complaint.pk).update(received_at=moment)
    complaint = Complaint.objects.get(pk=complaint.pk)
    complaint.save(update_fields=deadlines.apply_clock(complaint))
    return complaint


def test_it_skips_weekends_and_the_early_may_bank_holiday():
    # Friday 1 May 2026; Monday 4 May is a bank holiday.
    assert deadlines.due_date(datetime.date(2026, 5, 1), "acknowledgement") == datetime.date(2026, 5, 11)


def test_it_skips_christmas_boxing_day_in_lieu_and_new_year():
    # Wednesday 23 December 2026: Boxing Day falls on a Saturday, so Monday 28th is the holiday.
    assert deadlines.due_date(datetime.date(2026, 12, 23), "acknowledgement") == datetime.date(2027, 1, 4)


def test_it_reads_the_targets_from_the_settings(settings):
    settings.COMPLAINT_TARGET_WORKING_DAYS = {**settings.COMPLAINT_TARGET_WORKING_DAYS, "acknowledgement": 2}
    # Friday 5 June 2026: two working days later is Tuesday.
    assert deadlines.due_date(datetime.date(2026, 6, 5), "acknowledgement") == datetime.date(2026, 6, 9)


def test_it_gives_the_member_ten_working_days_to_respond_across_a_bank_holiday():
    # Friday 28 August 2026; Monday 31 August is the summer bank holiday.
    assert deadlines.response_due(datetime.date(2026, 8, 28)) == datetime.date(2026, 9, 14)


def test_it_counts_only_working_days_while_paused():
    assert deadlines.paused_working_days(datetime.date(2026, 6, 3), datetime.date(2026, 6, 10)) == 5
    # Paused on a Friday, restarted on the Monday: one working day lost.
    assert deadlines.paused_working_days(datetime.date(2026, 6, 5), datetime.date(2026, 6, 8)) == 1


def test_it_sets_the_acknowledgement_target_on_receipt_then_the_assessment_target(
    make_complaint, monitoring_officer
):
    complaint = received_on(make_complaint(), datetime.date(2026, 6, 1))
    assert (complaint.clock, complaint.due_on) == (Complaint.Clock.ACKNOWLEDGEMENT, datetime.date(2026, 6, 8))
    services.complaint_move(complaint=complaint, target=Stage.ACKNOWLEDGED, actor=monitoring_officer)
    complaint.refresh_from_db()
    assert complaint.acknowledgement_due_on == datetime.date(2026, 6, 8)  # kept, for the figures
    assert (complaint.clock, complaint.due_on) == (
        Complaint.Clock.INITIAL_ASSESSMENT,
        datetime.date(2026, 6, 29),
    )


def test_it_moves_the_target_back_by_the_working_days_paused(make_complaint, monitoring_officer):
    complaint = received_on(make_complaint(stage=Stage.ACKNOWLEDGED), datetime.date(2026, 6, 1))
    complaint.save(update_fields=deadlines.apply_clock(complaint))
    assert complaint.due_on == datetime.date(2026, 6, 29)
    services.complaint_pause(
        complaint=complaint,
        actor=monitoring_officer,
        reason="Waiting for the complainant's screenshots",
        on=datetime.date(2026, 6, 3),
    )
    complaint = services.complaint_resume(
        complaint=complaint, actor=monitoring_officer, on=datetime.date(2026, 6, 10)
    )
    assert complaint.paused_working_days == 5
    assert complaint.due_on == complaint.assessment_due_on == datetime.date(2026, 7, 6)
    paused, resumed = complaint.events.filter(kind__in=[CaseEvent.Kind.PAUSED, CaseEvent.Kind.RESUMED])
    assert paused.note == "Waiting for the complainant's screenshots"
    assert resumed.note == "Paused for 5 working days. The target is now 6 July 2026."
    assert resumed.actor == monitoring_officer


def test_it_adds_up_several_pauses(make_complaint, monitoring_officer):
    complaint = received_on(make_complaint(stage=Stage.ACKNOWLEDGED), datetime.date(2026, 6, 1))
    for start, end in [
        (datetime.date(2026, 6, 2), datetime.date(2026, 6, 4)),
        (datetime.date(2026, 6, 12), datetime.date(2026, 6, 15)),
    ]:
        services.complaint_pause(complaint=complaint, actor=monitoring_officer, reason="Waiting", on=start)
        complaint = services.complaint_resume(complaint=complaint, actor=monitoring_officer, on=end)
    assert complaint.paused_working_days == 3
    assert complaint.due_on == datetime.date(2026, 7, 2)


def test_it_keeps_a_paused_case_off_the_overdue_list(make_complaint, monitoring_officer):
    complaint = received_on(make_complaint(), datetime.date(2026, 1, 5))
    assert list(Complaint.objects.overdue()) == [complaint]
    services.complaint_pause(complaint=complaint, actor=monitoring_officer, reason="Waiting for the member")
    assert list(Complaint.objects.overdue()) == []


def test_it_refuses_to_pause_twice_or_restart_a_running_clock(make_complaint, monitoring_officer):
    complaint = make_complaint()
    with pytest.raises(DomainError, match="The clock is not paused."):
        services.complaint_resume(complaint=complaint, actor=monitoring_officer)
    services.complaint_pause(complaint=complaint, actor=monitoring_officer, reason="Waiting")
    with pytest.raises(DomainError, match="The clock is already paused."):
        services.complaint_pause(complaint=complaint, actor=monitoring_officer, reason="Waiting")


def test_it_refuses_to_restart_a_clock_before_it_was_paused(make_complaint, monitoring_officer):
    complaint = make_complaint()
    services.complaint_pause(
        complaint=complaint, actor=monitoring_officer, reason="Waiting", on=timezone.localdate()
    )
    with pytest.raises(DomainError, match="cannot restart before the day it was paused"):
        services.complaint_resume(
            complaint=complaint,
            actor=monitoring_officer,
            on=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_it_has_no_clock_to_pause_once_decided(make_complaint, subject_member, monitoring_officer):
    complaint = make_complaint(stage=Stage.INVESTIGATION, subject=subject_member)
    with pytest.raises(DomainError, match="No target is running at this stage"):
        services.complaint_pause(complaint=complaint, actor=monitoring_officer, reason="Waiting")


def test_it_stops_a_paused_clock_when_the_case_is_decided(make_complaint, subject_member, monitoring_officer):
    from tests.complaints.conftest import ALL_YES

    complaint = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    services.assessment_save(complaint=complaint, actor=monitoring_officer, **ALL_YES)
    services.complaint_pause(complaint=complaint, actor=monitoring_officer, reason="Waiting for the member")
    services.complaint_move(
        complaint=complaint,
        target=Stage.INVESTIGATION,
        actor=monitoring_officer,
        reasons="Needs investigating.",
    )
    complaint.refresh_from_db()
    assert complaint.paused_since is None and complaint.due_on is None
    assert complaint.events.filter(kind=CaseEvent.Kind.RESUMED).get().note.startswith("The clock stopped")


# --- Where overdue work shows ---------------------------------------------------------------------------


@pytest.fixture
def overdue_case(make_complaint, subject_member):
    return received_on(make_complaint(subject=subject_member), datetime.date(2026, 1, 5))


def test_it_lists_overdue_cases_on_the_monitoring_officers_dashboard(
    client_for, monitoring_officer, overdue_case, make_complaint
):
    make_complaint()  # received today: not overdue
    page = client_for(monitoring_officer).get("/")
    panel = text_of(page.content)
    assert "Standards complaints" in panel
    assert "2 open cases." in panel
    assert f"{overdue_case.reference} Acknowledgement was due 12 Jan 2026; Cllr Morgan Hale" in panel


def test_it_shows_no_complaints_panel_to_member_support(client_for, member_support, overdue_case):
    text = text_of(client_for(member_support).get("/").content)
    assert "Standards complaints" not in text and overdue_case.reference not in text


def test_it_filters_the_case_list_to_overdue_cases(
    client_for, monitoring_officer, overdue_case, make_complaint
):
    fresh = make_complaint()
    text = text_of(client_for(monitoring_officer).get("/complaints/cases/?overdue=on").content)
    assert overdue_case.reference in text and fresh.reference not in text
    assert "Overdue Acknowledgement by 12 Jan 2026" in text


def test_it_lists_members_responses_that_are_late(make_complaint, subject_member, monitoring_officer):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    notice = services.subject_notify(
        complaint=complaint, actor=monitoring_officer, allegation_summary="Rude."
    )
    type(notice).objects.filter(pk=notice.pk).update(respond_by=datetime.date(2026, 1, 2))
    attention = selectors.attention()
    assert [n.complaint for n in attention.responses_overdue] == [complaint]


def test_it_stops_saying_paused_so_far_once_the_clock_restarted(
    client_for, make_complaint, monitoring_officer
):
    complaint = received_on(make_complaint(stage=Stage.ACKNOWLEDGED), datetime.date(2026, 6, 1))
    services.complaint_pause(
        complaint=complaint, actor=monitoring_officer, reason="Waiting", on=datetime.date(2026, 6, 3)
    )
    services.complaint_resume(complaint=complaint, actor=monitoring_officer, on=datetime.date(2026, 6, 4))
    page = client_for(monitoring_officer).get(f"/complaints/cases/{complaint.pk}/").content.decode()
    assert "so far" not in page
    assert "The clock was paused for 1 working day; the target date allows for this." in page


def test_it_counts_overdue_cases_the_same_on_the_dashboard_and_in_the_filter(
    client_for, make_complaint, subject_member, monitoring_officer, overdue_case
):
    waiting, moved_on = (
        make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member),
        make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member),
    )
    for complaint in (waiting, moved_on):
        notice = services.subject_notify(
            complaint=complaint, actor=monitoring_officer, allegation_summary="Rude."
        )
        type(notice).objects.filter(pk=notice.pk).update(respond_by=datetime.date(2026, 1, 2))
    Complaint.objects.filter(pk=moved_on.pk).update(stage=Stage.INVESTIGATION, clock="", due_on=None)
    attention = selectors.attention()
    listed = selectors.case_list(overdue=True)
    assert (
        {case.pk for case in attention.overdue}
        == {case.pk for case in listed}
        == {overdue_case.pk, waiting.pk}
    )
    assert attention.overdue_total == listed.paginator.count == 2
    assert [notice.complaint for notice in attention.responses_overdue] == [waiting]
    panel = text_of(client_for(monitoring_officer).get("/").content)
    assert "member's response was due 2 Jan 2026" in panel
    assert "Overdue cases (2)" in panel
    assert moved_on.reference not in panel
