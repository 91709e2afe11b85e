"""The complaint process as data: every allowed move, every refused one, and the rules on top."""

import pytest

from complaints import services
from complaints.models import Assessment, CaseEvent, Complaint, DecisionNotice, IndependentPersonView
from complaints.stages import OPEN_STAGES, REVIEW_TRANSITIONS, TRANSITIONS, Stage, complaint_workflow
from portal import roles
from portal.errors import DomainError
from portal.workflow import TransitionRefused
from tests.complaints.conftest import ALL_YES
from tests.kit import text_of

MOVES = [(t.source, t.target) for t in TRANSITIONS + REVIEW_TRANSITIONS if t.source != Stage.UNCONFIRMED]


def case_at(make_complaint, subject, stage, independent_person, monitoring_officer):
    complaint = make_complaint(stage=stage, subject=subject)
    if stage == Stage.INITIAL_ASSESSMENT:
        services.assessment_save(complaint=complaint, actor=monitoring_officer, **ALL_YES)
    if stage == Stage.REPORT:
        services.ip_assign(
            complaint=complaint, independent_person=independent_person, actor=monitoring_officer
        )
        services.ip_view_record(
            complaint=complaint,
            independent_person=independent_person,
            view="Proceed.",
            actor=independent_person,
        )
    return Complaint.objects.get(pk=complaint.pk)


@pytest.mark.parametrize(("source", "target"), MOVES, ids=[f"{s}-to-{t}" for s, t in MOVES])
def test_it_makes_every_allowed_move_and_records_it(
    make_complaint, subject_member, independent_person, monitoring_officer, source, target
):
    complaint = case_at(make_complaint, subject_member, source, independent_person, monitoring_officer)
    moves = complaint.events.filter(kind=CaseEvent.Kind.TRANSITION)
    before = moves.count()
    moved = services.complaint_move(
        complaint=complaint,
        target=target,
        actor=monitoring_officer,
        reasons="Because the arrangements say so.",
    )
    moved.refresh_from_db()
    assert moved.stage == target
    assert moves.count() == before + 1
    event = moves.order_by("-created_at", "-pk").first()
    assert (event.kind, event.from_status, event.to_status) == (CaseEvent.Kind.TRANSITION, source, target)
    assert event.actor == monitoring_officer
    assert event.note == "Because the arrangements say so."


@pytest.mark.parametrize(
    "source",
    [
        Stage.RECEIVED,
        Stage.ACKNOWLEDGED,
        Stage.INITIAL_ASSESSMENT,
        Stage.INVESTIGATION,
        Stage.HEARING,
        Stage.CLOSED,
    ],
)
def test_it_refuses_every_move_the_arrangements_do_not_allow(
    make_complaint, subject_member, independent_person, monitoring_officer, source
):
    complaint = case_at(make_complaint, subject_member, source, independent_person, monitoring_officer)
    workflow = complaint_workflow()
    events = complaint.events.count()
    refused = [stage for stage in Stage if not workflow.allows(source, stage)]
    assert refused  # there is always something a case cannot do
    for target in refused:
        with pytest.raises(TransitionRefused) as error:
            services.complaint_move(
                complaint=complaint, target=target, actor=monitoring_officer, reasons="Try."
            )
        assert str(error.value) == (
            f"A complaint cannot go from “{Stage(source).label}” to “{Stage(target).label}”."
        )
    complaint.refresh_from_db()
    assert complaint.stage == source
    assert complaint.events.count() == events


def test_it_lets_a_complaint_be_withdrawn_from_every_open_stage():
    workflow = complaint_workflow()
    assert all(workflow.allows(stage, Stage.WITHDRAWN) for stage in OPEN_STAGES)
    assert not workflow.allows(Stage.CLOSED, Stage.WITHDRAWN)
    assert not workflow.allows(Stage.BREACH, Stage.WITHDRAWN)


def test_it_offers_a_review_of_no_further_action_only_where_the_arrangements_allow(settings):
    settings.COMPLAINT_ALLOW_NFA_REVIEW = True
    assert complaint_workflow().allows(Stage.NO_FURTHER_ACTION, Stage.REVIEW)
    settings.COMPLAINT_ALLOW_NFA_REVIEW = False
    assert not complaint_workflow().allows(Stage.NO_FURTHER_ACTION, Stage.REVIEW)
    assert [t.target for t in complaint_workflow().available(Stage.NO_FURTHER_ACTION)] == [Stage.CLOSED]


def test_it_refuses_a_review_when_the_setting_is_off(make_complaint, monitoring_officer, settings):
    complaint = make_complaint(stage=Stage.NO_FURTHER_ACTION)
    settings.COMPLAINT_ALLOW_NFA_REVIEW = False
    with pytest.raises(TransitionRefused):
        services.complaint_move(
            complaint=complaint, target=Stage.REVIEW, actor=monitoring_officer, reasons="Asked."
        )


def test_it_refuses_to_review_no_further_action_after_an_investigation(
    make_complaint, subject_member, independent_person, monitoring_officer
):
    complaint = make_complaint(stage=Stage.REPORT, subject=subject_member)
    services.ip_assign(complaint=complaint, independent_person=independent_person, actor=monitoring_officer)
    services.ip_view_record(
        complaint=complaint, independent_person=independent_person, view="No.", actor=independent_person
    )
    services.complaint_move(
        complaint=complaint, target=Stage.NO_FURTHER_ACTION, actor=monitoring_officer, reasons="None."
    )
    with pytest.raises(DomainError, match="Only a “no further action” decision taken at initial assessment"):
        services.complaint_move(
            complaint=complaint, target=Stage.REVIEW, actor=monitoring_officer, reasons="Asked."
        )


def test_it_reopens_the_case_when_a_review_overturns_the_decision(
    make_complaint, subject_member, monitoring_officer
):
    complaint = make_complaint(stage=Stage.REVIEW, subject=subject_member)
    assert complaint.outcome == ""
    services.complaint_move(
        complaint=complaint,
        target=Stage.INVESTIGATION,
        actor=monitoring_officer,
        reasons="The review found more.",
    )
    complaint.refresh_from_db()
    assert complaint.stage == Stage.INVESTIGATION
    assert complaint.outcome == ""


# --- Reasons ------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", [Stage.NO_FURTHER_ACTION, Stage.INVESTIGATION, Stage.WITHDRAWN])
def test_it_wants_reasons_for_decisions_and_withdrawals(
    make_complaint, subject_member, monitoring_officer, target
):
    complaint = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    services.assessment_save(complaint=complaint, actor=monitoring_officer, **ALL_YES)
    with pytest.raises(DomainError, match="Give the reasons"):
        services.complaint_move(complaint=complaint, target=target, actor=monitoring_officer, reasons="  ")
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.INITIAL_ASSESSMENT


def test_it_refuses_decision_reasons_that_name_the_complainant(
    make_complaint, subject_member, monitoring_officer
):
    complaint = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    services.assessment_save(complaint=complaint, actor=monitoring_officer, **ALL_YES)
    with pytest.raises(DomainError, match="mentions the complainant by name"):
        services.complaint_move(
            complaint=complaint,
            target=Stage.NO_FURTHER_ACTION,
            actor=monitoring_officer,
            reasons="Ms Quennell's account was not supported by the recording.",
        )


# --- The initial assessment ------------------------------------------------------------------------


def test_it_refuses_a_decision_before_the_can_we_tests_are_answered(
    make_complaint, subject_member, monitoring_officer
):
    complaint = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    services.assessment_save(
        complaint=complaint,
        actor=monitoring_officer,
        **{**ALL_YES, "covered_by_code": "", "capacity_reasons": ""},
    )
    with pytest.raises(DomainError, match="Record the initial assessment first"):
        services.complaint_move(
            complaint=complaint, target=Stage.INVESTIGATION, actor=monitoring_officer, reasons="Serious."
        )


def test_it_allows_only_no_further_action_when_a_can_we_test_fails(
    make_complaint, subject_member, monitoring_officer
):
    complaint = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    services.assessment_save(
        complaint=complaint,
        actor=monitoring_officer,
        **{
            **ALL_YES,
            "acting_in_capacity": "no",
            "capacity_reasons": "A private post on a personal account.",
        },
    )
    with pytest.raises(DomainError, match="the only decision open is no further action"):
        services.complaint_move(
            complaint=complaint,
            target=Stage.INFORMAL_RESOLUTION,
            actor=monitoring_officer,
            reasons="Apology.",
        )
    services.complaint_move(
        complaint=complaint,
        target=Stage.NO_FURTHER_ACTION,
        actor=monitoring_officer,
        reasons="Not acting as a member.",
    )
    complaint.refresh_from_db()
    assert complaint.stage == Stage.NO_FURTHER_ACTION
    assert complaint.outcome == Stage.NO_FURTHER_ACTION
    assert complaint.assessment_decided_at is not None


def test_it_records_the_assessment_with_an_event(make_complaint, subject_member, monitoring_officer):
    complaint = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    services.assessment_save(
        complaint=complaint,
        actor=monitoring_officer,
        **{**ALL_YES, "within_time_limit": "no", "code_paragraphs": ["respect", "disrepute"]},
    )
    assessment = Assessment.objects.get(complaint=complaint)
    assert assessment.code_paragraphs == ["respect", "disrepute"]
    assert assessment.updated_by == monitoring_officer
    event = complaint.events.get(kind=CaseEvent.Kind.ASSESSMENT)
    assert event.note == "Assessment complete. Answered no: Was the complaint made within the time limit?."


def test_it_refuses_to_record_an_assessment_before_it_has_started(make_complaint, monitoring_officer):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED)
    with pytest.raises(DomainError, match="Start the initial assessment"):
        services.assessment_save(complaint=complaint, actor=monitoring_officer, **ALL_YES)


# --- The Independent Person ------------------------------------------------------------------------------


@pytest.fixture
def reported(make_complaint, subject_member):
    return make_complaint(stage=Stage.REPORT, subject=subject_member)


@pytest.mark.parametrize("target", [Stage.NO_FURTHER_ACTION, Stage.HEARING])
def test_it_refuses_a_decision_on_an_investigated_complaint_without_the_independent_persons_view(
    reported, monitoring_officer, target
):
    with pytest.raises(DomainError, match="Record the Independent Person's view on the investigation report"):
        services.complaint_move(
            complaint=reported, target=target, actor=monitoring_officer, reasons="Decided."
        )
    assert Complaint.objects.get(pk=reported.pk).stage == Stage.REPORT


def test_it_does_not_count_a_view_given_before_the_report(
    make_complaint, subject_member, independent_person, monitoring_officer
):
    complaint = make_complaint(stage=Stage.INVESTIGATION, subject=subject_member)
    services.ip_assign(complaint=complaint, independent_person=independent_person, actor=monitoring_officer)
    services.ip_view_record(
        complaint=complaint,
        independent_person=independent_person,
        view="Investigate.",
        actor=independent_person,
    )
    services.complaint_move(
        complaint=complaint, target=Stage.REPORT, actor=monitoring_officer, reasons="Report in."
    )
    with pytest.raises(DomainError, match="Independent Person's view"):
        services.complaint_move(
            complaint=complaint, target=Stage.HEARING, actor=monitoring_officer, reasons="Hear."
        )


def test_it_allows_the_decision_once_the_view_is_recorded_by_the_monitoring_officer(
    reported, independent_person, monitoring_officer
):
    services.ip_assign(complaint=reported, independent_person=independent_person, actor=monitoring_officer)
    services.ip_view_record(
        complaint=reported,
        independent_person=independent_person,
        view="Agrees a hearing is needed (given by phone).",
        actor=monitoring_officer,
    )
    services.complaint_move(
        complaint=reported, target=Stage.HEARING, actor=monitoring_officer, reasons="Serious."
    )
    view = IndependentPersonView.objects.get()
    assert (view.stage, view.recorded_by, view.independent_person) == (
        Stage.REPORT,
        monitoring_officer,
        independent_person,
    )
    assert Complaint.objects.get(pk=reported.pk).stage == Stage.HEARING


def test_it_refuses_a_view_from_an_independent_person_not_asked(reported, make_user, monitoring_officer):
    other = make_user("ip2@example.org", role=roles.INDEPENDENT_PERSON, full_name="Olive Stannard")
    with pytest.raises(DomainError, match="has not been asked for a view"):
        services.ip_view_record(complaint=reported, independent_person=other, view="Yes.", actor=other)


def test_it_asks_only_an_independent_person_for_a_view(reported, councillor, monitoring_officer):
    with pytest.raises(DomainError, match="is not one of the council's Independent Persons"):
        services.ip_assign(complaint=reported, independent_person=councillor, actor=monitoring_officer)


def test_it_emails_the_independent_person_a_link_when_asked(
    reported,
    independent_person,
    monitoring_officer,
    django_capture_on_commit_callbacks,
    run_tasks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.ip_assign(
            complaint=reported, independent_person=independent_person, actor=monitoring_officer
        )
    run_tasks()
    (message,) = mailoutbox
    assert message.to == ["ip@example.org"]
    assert f"/complaints/consulted/{reported.pk}/" in message.body
    assert "Quennell" not in message.body and "Hale" not in message.body


# --- Decisions and their notices ------------------------------------------------------------------------


def test_it_makes_a_decision_notice_and_emails_the_complainant(
    make_complaint,
    subject_member,
    monitoring_officer,
    django_capture_on_commit_callbacks,
    run_tasks,
    mailoutbox,
):
    complaint = make_complaint(stage=Stage.INITIAL_ASSESSMENT, subject=subject_member)
    services.assessment_save(complaint=complaint, actor=monitoring_officer, **ALL_YES)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_move(
            complaint=complaint,
            target=Stage.INFORMAL_RESOLUTION,
            actor=monitoring_officer,
            reasons="The member has agreed to apologise in writing.",
        )
    run_tasks()
    notice = DecisionNotice.objects.get(complaint=complaint)
    assert notice.decision == Stage.INFORMAL_RESOLUTION
    assert notice.title == f"Decision: informal resolution ({complaint.reference})"
    assert "The member has agreed to apologise in writing." in notice.text
    assert "Cllr Morgan Hale" in notice.text
    assert [m.to for m in mailoutbox] == [
        ["beatrix.quennell@example.net"]
    ]  # not yet told: member not emailed
    assert "The member has agreed to apologise in writing." in mailoutbox[0].body


def test_it_acknowledges_with_an_email_and_stops_the_acknowledgement_clock(
    make_complaint, monitoring_officer, django_capture_on_commit_callbacks, run_tasks, mailoutbox
):
    complaint = make_complaint()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_move(complaint=complaint, target=Stage.ACKNOWLEDGED, actor=monitoring_officer)
    run_tasks()
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is not None
    assert complaint.clock == Complaint.Clock.INITIAL_ASSESSMENT
    assert complaint.due_on == complaint.assessment_due_on
    (message,) = mailoutbox
    assert message.subject == f"Complaint {complaint.reference}: acknowledged"
    assert f"{complaint.assessment_due_on:%-d %B %Y}" in message.body


def test_it_closes_a_case_and_keeps_its_outcome(make_complaint, subject_member, monitoring_officer):
    complaint = make_complaint(stage=Stage.NO_FURTHER_ACTION, subject=subject_member)
    services.complaint_move(complaint=complaint, target=Stage.CLOSED, actor=monitoring_officer)
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.outcome) == (Stage.CLOSED, Stage.NO_FURTHER_ACTION)
    assert complaint.closed_at is not None
    assert complaint.due_on is None


# --- The pages --------------------------------------------------------------------------------------


def test_it_offers_only_the_allowed_moves_on_the_case_page(client_for, make_complaint, monitoring_officer):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED)
    html = client_for(monitoring_officer).get(f"/complaints/cases/{complaint.pk}/").content.decode()
    assert f"/complaints/cases/{complaint.pk}/move/initial_assessment/" in html
    assert f"/complaints/cases/{complaint.pk}/move/withdrawn/" in html
    assert f"/complaints/cases/{complaint.pk}/move/breach/" not in html


def test_it_explains_a_refused_move_asked_for_by_address(client_for, make_complaint, monitoring_officer):
    complaint = make_complaint(stage=Stage.RECEIVED)
    client = client_for(monitoring_officer)
    response = client.get(f"/complaints/cases/{complaint.pk}/move/breach/", follow=True)
    assert "A complaint cannot go from “Received” to “Hearing: breach found”." in text_of(response.content)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.RECEIVED


def test_it_shows_the_rule_that_refused_a_move_and_keeps_the_reasons_typed(
    client_for, reported, monitoring_officer
):
    response = client_for(monitoring_officer).post(
        f"/complaints/cases/{reported.pk}/move/hearing/", {"reasons": "The report finds a likely breach."}
    )
    assert response.status_code == 409
    text = text_of(response.content)
    assert "Record the Independent Person's view on the investigation report before this decision" in text
    assert "The report finds a likely breach.</textarea>" in response.content.decode()


def test_it_moves_a_case_from_the_page_and_says_so(client_for, make_complaint, monitoring_officer):
    complaint = make_complaint(stage=Stage.RECEIVED)
    client = client_for(monitoring_officer)
    page = client.get(f"/complaints/cases/{complaint.pk}/move/acknowledged/")
    assert "Acknowledge the complaint" in text_of(page.content)
    response = client.post(
        f"/complaints/cases/{complaint.pk}/move/acknowledged/", {"reasons": ""}, follow=True
    )
    assert f"{complaint.reference}: Acknowledged." in text_of(response.content)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.ACKNOWLEDGED


def test_it_asks_for_reasons_on_the_page(client_for, make_complaint, subject_member, monitoring_officer):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    response = client_for(monitoring_officer).post(
        f"/complaints/cases/{complaint.pk}/move/withdrawn/", {"reasons": ""}
    )
    assert response.status_code == 400
    assert (
        '<a href="#id_reasons">Give the reasons: they go on the case record.</a>' in response.content.decode()
    )


def test_it_saves_the_assessment_from_the_page_with_nothing_ticked(
    client_for, make_complaint, monitoring_officer
):
    complaint = make_complaint(stage=Stage.INITIAL_ASSESSMENT)
    response = client_for(monitoring_officer).post(
        f"/complaints/cases/{complaint.pk}/assessment/",
        {"subject_is_member": "yes", "capacity_reasons": "", "notes": "Waiting for the recording."},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(complaint=complaint)
    assert (assessment.subject_is_member, assessment.within_time_limit) == ("yes", "")
    assert assessment.code_paragraphs == [] and assessment.notes == "Waiting for the recording."
    assert not assessment.tests_complete
