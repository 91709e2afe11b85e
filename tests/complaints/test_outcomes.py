"""Outcomes: sanctions with compliance tracking, training enrolment, parish recommendations, the register."""

import pytest

from complaints import services
from complaints.models import Complaint, DecisionNotice, Sanction
from complaints.stages import Stage
from portal.errors import DomainError
from tests.kit import text_of
from training.models import Course, CourseAssignment


@pytest.fixture
def course(db):
    return Course.objects.create(
        title="Social media and the Code of Conduct",
        slug="social-media-code",
        summary="Posting as a councillor.",
    )


@pytest.fixture
def at_hearing(make_complaint):
    def make(subject):
        return make_complaint(stage=Stage.HEARING, subject=subject)

    return make


def breach_form(**extra):
    return {
        "reasons": "The member's post about a resident was disrespectful and was made as a councillor.",
        "sanction_kinds": ["censure", "training"],
        "sanction_details": "Complete the course within three months.",
        "publish": "on",
        **extra,
    }


def test_it_records_a_breach_with_sanctions_and_enrols_a_district_member_on_the_course(
    client_for, at_hearing, subject_member, monitoring_officer, course
):
    complaint = at_hearing(subject_member)
    response = client_for(monitoring_officer).post(
        f"/complaints/cases/{complaint.pk}/move/breach/", breach_form(course=course.pk, send="1")
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.outcome) == (Stage.BREACH, Stage.BREACH)
    sanctions = list(complaint.sanctions.order_by("kind"))
    assert [(s.kind, s.is_recommendation, s.compliance) for s in sanctions] == [
        ("censure", False, "pending"),
        ("training", False, "pending"),
    ]
    assert sanctions[1].course == course
    assignment = CourseAssignment.objects.get(member=subject_member, course=course)
    assert assignment.reason == f"Standards sanction on complaint {complaint.reference}"
    notice = DecisionNotice.objects.get(complaint=complaint, decision=Stage.BREACH)
    assert "- Formal censure: Complete the course within three months." in notice.text
    assert "- Training" in notice.text
    assert "The Independent Person was consulted on" in notice.text
    assert notice.is_published


def test_it_records_sanctions_on_a_parish_member_as_recommendations_without_enrolling(
    at_hearing, parish_member, monitoring_officer, course
):
    complaint = at_hearing(parish_member)
    services.complaint_move(
        complaint=complaint,
        target=Stage.BREACH,
        actor=monitoring_officer,
        reasons="Failure to declare an interest in the allotments lease.",
        sanctions=[{"kind": "training", "details": "Interests training", "course": course}],
    )
    sanction = Sanction.objects.get(complaint=complaint)
    assert sanction.is_recommendation
    assert sanction.parish_action == Sanction.ParishAction.AWAITING
    assert not CourseAssignment.objects.exists()
    notice = DecisionNotice.objects.get(complaint=complaint, decision=Stage.BREACH)
    assert "Sanctions recommended to Amberley Parish Council" in notice.text
    assert "cannot impose sanctions on a parish or town councillor" in notice.text


def test_it_tracks_whether_a_parish_acted_on_a_recommendation(
    client_for, at_hearing, parish_member, monitoring_officer
):
    complaint = at_hearing(parish_member)
    services.complaint_move(
        complaint=complaint,
        target=Stage.BREACH,
        actor=monitoring_officer,
        reasons="Disrespect at a parish meeting.",
        sanctions=[{"kind": "censure"}],
    )
    sanction = complaint.sanctions.get()
    prefix = f"sanction-{sanction.pk}"
    response = client_for(monitoring_officer).post(
        f"/complaints/cases/{complaint.pk}/sanctions/{sanction.pk}/",
        {
            f"{prefix}-compliance": "done",
            f"{prefix}-complied_on": "2026-10-01",
            f"{prefix}-parish_action": "acted",
            f"{prefix}-compliance_notes": "Censure moved at the parish council meeting.",
        },
        follow=True,
    )
    assert "Formal censure: updated." in text_of(response.content)
    sanction.refresh_from_db()
    assert (sanction.compliance, str(sanction.complied_on), sanction.parish_action) == (
        "done",
        "2026-10-01",
        "acted",
    )
    assert complaint.events.filter(kind="sanction_update").get().note == (
        "Formal censure: done; the parish council acted on it."
    )


def test_it_asks_for_the_date_a_sanction_was_carried_out(
    client_for, at_hearing, subject_member, monitoring_officer
):
    complaint = at_hearing(subject_member)
    services.complaint_move(
        complaint=complaint,
        target=Stage.BREACH,
        actor=monitoring_officer,
        reasons="Breach.",
        sanctions=[{"kind": "censure"}],
    )
    sanction = complaint.sanctions.get()
    response = client_for(monitoring_officer).post(
        f"/complaints/cases/{complaint.pk}/sanctions/{sanction.pk}/",
        {f"sanction-{sanction.pk}-compliance": "done"},
        follow=True,
    )
    assert "Give the date it was carried out." in text_of(response.content)
    assert Sanction.objects.get().compliance == "pending"


def test_it_adds_a_sanction_after_the_decision(client_for, at_hearing, subject_member, monitoring_officer):
    complaint = at_hearing(subject_member)
    services.complaint_move(
        complaint=complaint, target=Stage.BREACH, actor=monitoring_officer, reasons="Breach."
    )
    response = client_for(monitoring_officer).post(
        f"/complaints/cases/{complaint.pk}/sanctions/add/",
        {"kind": "remove_from_committees", "details": "Planning Committee for six months."},
    )
    assert response.status_code == 302
    assert Sanction.objects.get().details == "Planning Committee for six months."


def test_it_refuses_sanctions_without_a_breach(make_complaint, subject_member, monitoring_officer):
    complaint = make_complaint(stage=Stage.NO_BREACH, subject=subject_member)
    with pytest.raises(DomainError, match="Sanctions can only follow a hearing that found a breach."):
        services.sanction_add(complaint=complaint, actor=monitoring_officer, kind="censure")


def test_it_wants_a_course_or_details_for_a_training_sanction(
    client_for, at_hearing, subject_member, monitoring_officer
):
    complaint = at_hearing(subject_member)
    response = client_for(monitoring_officer).post(
        f"/complaints/cases/{complaint.pk}/move/breach/",
        breach_form(sanction_kinds=["training"], sanction_details=""),
    )
    assert response.status_code == 400
    assert "Choose the course, or describe the training in the details." in text_of(response.content)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.HEARING


# --- The register ---------------------------------------------------------------------------------


def test_it_publishes_hearing_decisions_on_the_register(
    client, make_complaint, subject_member, parish_member
):
    district = make_complaint(stage=Stage.BREACH, subject=subject_member)
    make_complaint(stage=Stage.NO_BREACH, subject=parish_member)
    make_complaint(stage=Stage.INVESTIGATION, subject=subject_member)
    text = text_of(client.get("/complaints/decisions/").content)
    assert "Cllr Morgan Hale Fellbridge District Council Hearing: breach found" in text
    assert "Cllr Gerald Pickering Amberley Parish Council Hearing: no breach found" in text
    assert "investigated" not in text
    notice = district.decision_notices.get(decision=Stage.BREACH)
    entry = text_of(client.get(f"/complaints/decisions/{notice.pk}/").content)
    assert "Findings and reasons of the hearing sub-committee" in entry


def test_it_takes_a_decision_off_the_register_and_puts_it_back(
    client_for, make_complaint, subject_member, monitoring_officer, client
):
    complaint = make_complaint(stage=Stage.NO_BREACH, subject=subject_member)
    notice = complaint.decision_notices.get(decision=Stage.NO_BREACH)
    officer = client_for(monitoring_officer)
    officer.post(f"/complaints/cases/{complaint.pk}/decisions/{notice.pk}/publish/", {"publish": "0"})
    notice.refresh_from_db()
    assert not notice.is_published
    assert complaint.events.filter(kind="notice_unpublished").exists()
    officer.post(f"/complaints/cases/{complaint.pk}/decisions/{notice.pk}/publish/", {"publish": "1"})
    notice.refresh_from_db()
    assert notice.is_published


def test_it_publishes_only_hearing_decisions(make_complaint, subject_member, monitoring_officer):
    complaint = make_complaint(stage=Stage.INVESTIGATION, subject=subject_member)
    notice = complaint.decision_notices.get()
    with pytest.raises(DomainError, match="Only hearing decisions are published"):
        services.notice_publish(notice=notice, actor=monitoring_officer, publish=True)


def test_it_can_leave_a_hearing_decision_unpublished(at_hearing, subject_member, monitoring_officer):
    complaint = at_hearing(subject_member)
    services.complaint_move(
        complaint=complaint,
        target=Stage.NO_BREACH,
        actor=monitoring_officer,
        reasons="No breach.",
        publish=False,
    )
    assert not complaint.decision_notices.get(decision=Stage.NO_BREACH).is_published


def test_it_does_not_repeat_the_sanction_kind_when_the_details_start_with_it(
    at_hearing, subject_member, monitoring_officer
):
    complaint = at_hearing(subject_member)
    services.complaint_move(
        complaint=complaint,
        target=Stage.BREACH,
        actor=monitoring_officer,
        reasons="The member's post was disrespectful.",
        sanctions=[{"kind": "censure", "details": "Formal censure, to be moved at the next full Council."}],
    )
    notice = DecisionNotice.objects.get(complaint=complaint, decision=Stage.BREACH)
    assert "- Formal censure, to be moved at the next full Council." in notice.text
    assert "Formal censure: Formal censure" not in notice.text


def test_it_signs_the_decision_notice_with_the_officer_who_decided(
    at_hearing, subject_member, monitoring_officer
):
    complaint = at_hearing(subject_member)
    services.complaint_move(
        complaint=complaint, target=Stage.NO_BREACH, actor=monitoring_officer, reasons="No."
    )
    notice = DecisionNotice.objects.get(complaint=complaint, decision=Stage.NO_BREACH)
    assert notice.text.rstrip().endswith("Ruth Calder\nMonitoring Officer")


def test_it_signs_as_deputy_when_the_deputy_decided(at_hearing, subject_member, deputy_monitoring_officer):
    complaint = at_hearing(subject_member)
    services.complaint_move(
        complaint=complaint, target=Stage.NO_BREACH, actor=deputy_monitoring_officer, reasons="No."
    )
    notice = DecisionNotice.objects.get(complaint=complaint, decision=Stage.NO_BREACH)
    assert notice.text.rstrip().endswith("Ian Marr\nDeputy Monitoring Officer")


def test_it_refuses_an_independent_persons_view_dated_after_today(
    make_complaint, subject_member, monitoring_officer, independent_person
):
    import datetime

    from django.utils import timezone

    complaint = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    with pytest.raises(DomainError, match="cannot be in the future"):
        services.ip_view_record(
            complaint=complaint,
            independent_person=independent_person,
            view="Proceed.",
            actor=monitoring_officer,
            consulted_on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_it_refuses_a_decision_informed_by_a_consultation_dated_after_it(
    at_hearing, subject_member, monitoring_officer
):
    import datetime

    from django.utils import timezone

    complaint = at_hearing(subject_member)
    complaint.ip_views.update(consulted_on=timezone.localdate() + datetime.timedelta(days=3))
    with pytest.raises(DomainError, match="cannot postdate the decision"):
        services.complaint_move(
            complaint=complaint, target=Stage.NO_BREACH, actor=monitoring_officer, reasons="No."
        )
    assert not DecisionNotice.objects.filter(complaint=complaint, decision=Stage.NO_BREACH).exists()


def test_it_previews_the_decision_notice_before_sending_it(
    client_for, at_hearing, subject_member, monitoring_officer, course
):
    complaint = at_hearing(subject_member)
    url = f"/complaints/cases/{complaint.pk}/move/breach/"
    client = client_for(monitoring_officer)
    response = client.post(url, breach_form(course=course.pk))
    assert response.status_code == 200
    page = text_of(response.content)
    assert "The decision notice that will be sent" in page
    assert "Formal censure: Complete the course within three months." in page
    assert "Ruth Calder Monitoring Officer" in page
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.HEARING
    assert not DecisionNotice.objects.filter(complaint=complaint, decision=Stage.BREACH).exists()
    response = client.post(url, breach_form(course=course.pk, send="1"))
    assert response.status_code == 302
    assert DecisionNotice.objects.filter(complaint=complaint, decision=Stage.BREACH).exists()


def test_it_gives_decision_notices_a_print_stylesheet(
    client_for, at_hearing, subject_member, monitoring_officer
):
    complaint = at_hearing(subject_member)
    notice = complaint.decision_notices.first()
    page = client_for(monitoring_officer).get(f"/complaints/cases/{complaint.pk}/decisions/{notice.pk}/")
    assert 'media="print"' in page.content.decode()
