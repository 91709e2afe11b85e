"""Attacks on a complainant's withheld identity (issue 12): decisions while a request is
undecided, notices frozen before confidentiality was granted, and names that slip through
as first names, phone numbers, addresses or sanction text."""

import importlib

import pytest
from django.apps import apps

from complaints import services
from complaints.models import Complaint, DecisionNotice
from complaints.stages import Stage
from portal.errors import DomainError
from tests.complaints.conftest import ALL_YES, COMPLAINANT, advance
from tests.kit import text_of

IDENTIFYING = [
    COMPLAINANT,
    "Quennell",
    "beatrix.quennell@example.net",
    "Beatrix",
    "01632 960123",
    "Mill Lane",
]
PENDING_REFUSAL = "has not been decided. Decide on it first"


def assert_anonymous(text, where):
    for fragment in IDENTIFYING:
        assert fragment.lower() not in text.lower(), f"{fragment!r} appears in {where}"


@pytest.fixture
def pending(make_complaint, subject_member):
    """A complaint at initial assessment whose complainant asked for their name to be withheld."""

    def make(stage=Stage.INITIAL_ASSESSMENT, **overrides):
        return make_complaint(
            stage=stage,
            subject=subject_member,
            confidentiality_requested=True,
            confidentiality_reasons="The councillor is my landlord.",
            **overrides,
        )

    return make


@pytest.mark.parametrize(
    "target",
    [Stage.NO_FURTHER_ACTION, Stage.INFORMAL_RESOLUTION, Stage.INVESTIGATION, Stage.POLICE_REFERRAL],
)
def test_it_refuses_a_decision_while_a_confidentiality_request_is_pending(
    pending, monitoring_officer, target
):
    complaint = pending()
    services.assessment_save(complaint=complaint, actor=monitoring_officer, **ALL_YES)
    assert complaint.confidentiality == Complaint.Confidentiality.PENDING
    with pytest.raises(DomainError, match=PENDING_REFUSAL):
        services.complaint_move(
            complaint=complaint, target=target, actor=monitoring_officer, reasons="The conduct is serious."
        )
    complaint.refresh_from_db()
    assert complaint.stage == Stage.INITIAL_ASSESSMENT
    assert not DecisionNotice.objects.filter(complaint=complaint).exists()


@pytest.mark.parametrize("target", [Stage.NO_FURTHER_ACTION, Stage.INVESTIGATION])
def test_it_refuses_a_review_decision_while_a_confidentiality_request_is_pending(
    make_complaint, subject_member, monitoring_officer, target, settings
):
    settings.COMPLAINT_ALLOW_NFA_REVIEW = True
    complaint = make_complaint(stage=Stage.REVIEW, subject=subject_member)
    # The complainant asks for their name to be withheld when they ask for the review.
    Complaint.objects.filter(pk=complaint.pk).update(
        confidentiality_requested=True, confidentiality=Complaint.Confidentiality.PENDING
    )
    with pytest.raises(DomainError, match=PENDING_REFUSAL):
        services.complaint_move(
            complaint=complaint, target=target, actor=monitoring_officer, reasons="Looked at it again."
        )
    assert DecisionNotice.objects.filter(complaint=complaint).count() == 1  # the first decision only


def test_it_explains_on_the_decision_page_why_a_decision_must_wait(pending, monitoring_officer, client_for):
    complaint = pending()
    services.assessment_save(complaint=complaint, actor=monitoring_officer, **ALL_YES)
    response = client_for(monitoring_officer).post(
        f"/complaints/cases/{complaint.pk}/move/investigation/", {"reasons": "Serious enough to investigate."}
    )
    assert response.status_code == 409
    page = text_of(response.content)
    assert (
        "The complainant asked for their name to be withheld, and that request has not been decided" in page
    )
    assert "Serious enough to investigate." in page  # what was typed is kept


def test_it_does_not_show_the_complainants_name_on_a_notice_made_before_confidentiality_was_granted(
    make_complaint,
    subject_member,
    councillor,
    monitoring_officer,
    client_for,
    django_capture_on_commit_callbacks,
    run_tasks,
    mailoutbox,
):
    complaint = make_complaint(stage=Stage.INVESTIGATION, subject=subject_member)  # named by default
    services.confidentiality_decide(
        complaint=complaint, actor=monitoring_officer, granted=True, reasons="Risk of reprisal, raised late."
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.subject_notify(
            complaint=complaint, actor=monitoring_officer, allegation_summary="Rude at a meeting."
        )
    run_tasks()
    client = client_for(councillor)
    for path in ["/", "/complaints/my-notices/", f"/complaints/my-notices/{notice.pk}/"]:
        assert_anonymous(text_of(client.get(path).content), path)
    page = text_of(client.get(f"/complaints/my-notices/{notice.pk}/").content)
    assert "Decision: the complaint will be investigated" in page  # the notice is shown, without the name
    assert "A complaint was made by the complainant (whose name has been withheld)" in page
    decision = DecisionNotice.objects.get(complaint=complaint)
    assert_anonymous(decision.for_parties, "the decision notice as shown now")
    for message in mailoutbox:
        if message.to != [complaint.complainant_email]:
            assert_anonymous(message.body, f"the email to {message.to}")


def test_it_names_the_complainant_again_when_a_grant_is_replaced_by_a_refusal_before_the_member_is_told(
    make_complaint, subject_member, monitoring_officer
):
    complaint = make_complaint(stage=Stage.INVESTIGATION, subject=subject_member)
    services.confidentiality_decide(
        complaint=complaint, actor=monitoring_officer, granted=True, reasons="Risk."
    )
    decision = DecisionNotice.objects.get(complaint=complaint)
    assert COMPLAINANT not in decision.for_parties
    services.confidentiality_decide(
        complaint=complaint, actor=monitoring_officer, granted=False, reasons="On reflection, no risk."
    )
    assert (
        f"A complaint was made by {COMPLAINANT} that"
        in DecisionNotice.objects.get(pk=decision.pk).for_parties
    )


def test_it_hides_from_the_member_a_notice_whose_text_names_a_withheld_complainant(
    make_complaint, subject_member, councillor, monitoring_officer, client_for
):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    services.confidentiality_decide(
        complaint=complaint, actor=monitoring_officer, granted=True, reasons="Risk."
    )
    notice = services.subject_notify(
        complaint=complaint, actor=monitoring_officer, allegation_summary="Rude."
    )
    # A notice written before notices kept the slot, with the name typed into the text.
    DecisionNotice.objects.create(
        complaint=complaint,
        decision=Stage.INVESTIGATION,
        title="Decision: the complaint will be investigated (old)",
        text=f"A complaint was made by {COMPLAINANT}. Mrs Quennell's evidence is clear.",
    )
    page = text_of(client_for(councillor).get(f"/complaints/my-notices/{notice.pk}/").content)
    assert_anonymous(page, "the member's notice page")
    assert "No decision has been made yet." in page


@pytest.mark.parametrize(
    "summary",
    [
        "Beatrix says you shouted at her.",
        "BEATRIX says you shouted at her.",
        "Call the complainant on 01632 960 123.",
        "Call the complainant on +44 1632 960123.",
        "The complainant lives at 4 Mill Lane.",
        "The complainant lives on mill lane, near you.",
    ],
)
def test_it_refuses_a_summary_that_identifies_a_withheld_complainant_by_first_name_phone_or_address(
    make_complaint, subject_member, monitoring_officer, summary
):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    services.confidentiality_decide(
        complaint=complaint, actor=monitoring_officer, granted=True, reasons="Risk."
    )
    with pytest.raises(DomainError, match="mentions the complainant"):
        services.subject_notify(complaint=complaint, actor=monitoring_officer, allegation_summary=summary)


def test_it_does_not_mistake_a_common_word_for_a_withheld_first_name(
    make_complaint, subject_member, monitoring_officer
):
    complaint = make_complaint(
        stage=Stage.ACKNOWLEDGED, subject=subject_member, complainant_name="Will Tremayne"
    )
    services.confidentiality_decide(
        complaint=complaint, actor=monitoring_officer, granted=True, reasons="Risk."
    )
    notice = services.subject_notify(
        complaint=complaint, actor=monitoring_officer, allegation_summary="You will be asked to respond."
    )
    assert notice.allegation_summary == "You will be asked to respond."


def test_it_refuses_sanction_text_that_names_the_complainant(
    make_complaint, subject_member, monitoring_officer, independent_person
):
    complaint = make_complaint(stage=Stage.HEARING, subject=subject_member)
    with pytest.raises(DomainError, match="sanction's details mentions the complainant"):
        services.complaint_move(
            complaint=complaint,
            target=Stage.BREACH,
            actor=monitoring_officer,
            reasons="A breach of the respect paragraph.",
            sanctions=[{"kind": "censure", "details": "Apologise to Beatrix in writing."}],
        )
    assert not complaint.sanctions.exists()
    advance(complaint, Stage.BREACH, actor=monitoring_officer, independent_person=independent_person)
    with pytest.raises(DomainError, match="sanction's details mentions the complainant"):
        services.sanction_add(
            complaint=complaint, actor=monitoring_officer, kind="censure", details="Write to Mrs Quennell."
        )
    assert not complaint.sanctions.exists()


def test_it_takes_a_name_frozen_into_an_old_notice_out_of_its_text(
    make_complaint, subject_member, monitoring_officer
):
    migration = importlib.import_module("complaints.migrations.0003_decision_notice_complainant_slot")
    complaint = make_complaint(stage=Stage.INVESTIGATION, subject=subject_member)
    notice = DecisionNotice.objects.get(complaint=complaint)
    frozen = notice.for_parties
    DecisionNotice.objects.filter(pk=notice.pk).update(text=frozen)  # as notices were stored before
    migration.add_slot(apps, None)
    services.confidentiality_decide(
        complaint=complaint, actor=monitoring_officer, granted=True, reasons="Risk."
    )
    notice = DecisionNotice.objects.get(pk=notice.pk)
    assert COMPLAINANT in frozen and COMPLAINANT not in notice.text
    assert "A complaint was made by the complainant (whose name has been withheld)" in notice.for_parties
