"""The demo complaints: every stage, district and parish, and the same rows however often it runs."""

import importlib
from io import StringIO

import pytest
from django.core.management import call_command

from complaints.models import (
    CaseEvent,
    Complaint,
    DecisionNotice,
    IndependentPersonAssignment,
    Sanction,
    SubjectNotice,
)
from complaints.stages import Stage
from portal.management.commands import seed_demo


@pytest.fixture
def seeded(db, settings, monkeypatch, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    # Only the people and this feature's demo: other features' demos have their own tests.
    monkeypatch.setattr(seed_demo, "feature_demos", lambda: [importlib.import_module("complaints.demo")])

    def run():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        return out.getvalue()

    return run


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Complaint,
            CaseEvent,
            SubjectNotice,
            DecisionNotice,
            Sanction,
            IndependentPersonAssignment,
        )
    }


def test_it_fills_every_stage_with_district_and_parish_cases(
    seeded, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = seeded()
    assert "Standards complaints: 17 demo cases at every stage (17 new), 2 overdue" in output
    stages = set(Complaint.objects.values_list("stage", flat=True))
    assert stages == {stage.value for stage in Stage if stage != Stage.UNCONFIRMED}
    assert Complaint.objects.filter(subject_authority__kind="district").exists()
    assert Complaint.objects.filter(subject_authority__parent__isnull=False).count() >= 5
    assert Complaint.objects.overdue().count() == 2  # one case target, one member's response
    assert Complaint.objects.filter(confidentiality=Complaint.Confidentiality.GRANTED).exists()
    assert DecisionNotice.objects.filter(decision=Stage.BREACH, published_at__isnull=False).exists()
    assert IndependentPersonAssignment.objects.filter(independent_person__email="ip@example.org").count() >= 3
    assert Sanction.objects.filter(is_recommendation=True, parish_action="acted").exists()
    assert not [c for c in callbacks if "send_email" in repr(c)]  # the demo emails nobody
    assert mailoutbox == []
    # Each case's steps are spread over the weeks they would have taken.
    case = Complaint.objects.get(stage=Stage.BREACH, subject_member__user__email="cllr.ward@example.org")
    assert case.received_at < case.acknowledged_at < case.decided_at
    assert (case.decided_at - case.received_at).days > 100
    notice = case.decision_notices.get(decision=Stage.BREACH)
    assert f"Date of decision: {case.decided_at:%-d %B %Y}" in notice.text
    assert "Eileen Pargeter" not in notice.public_text


def test_it_adds_nothing_when_run_again(seeded):
    seeded()
    first = counts()
    output = seeded()
    assert counts() == first
    assert "(0 new)" in output


def test_it_has_a_complaint_the_monitoring_officer_recorded_from_a_letter_with_no_email(seeded, client):
    from portal.models import User

    seeded()
    postal = Complaint.objects.get(received_via=Complaint.ReceivedVia.POST)
    assert postal.complainant_email == "" and postal.complainant_address
    assert postal.stage == Stage.ACKNOWLEDGED
    letters = postal.events.filter(kind=CaseEvent.Kind.BY_POST).order_by("created_at")
    assert len(letters) == 2
    assert "is received" in letters[0].note and "the acknowledgement" in letters[1].note
    assert postal.received_at < postal.acknowledged_at  # spread over the days it took
    client.force_login(User.objects.get(email="mo@example.org"))
    page = client.get(f"/complaints/cases/{postal.pk}/").content.decode()
    assert "None given: we tell them by post" in page


def test_the_usual_start_of_a_case_is_one_builder():
    from complaints.demo.steps import assessed

    assert assessed("At a meeting.", notify="You are said to...", assign=True, acting_in_capacity="no") == [
        Stage.ACKNOWLEDGED,
        ("notify", "You are said to..."),
        Stage.INITIAL_ASSESSMENT,
        ("assign",),
        ("assess", {"capacity_reasons": "At a meeting.", "acting_in_capacity": "no"}),
    ]
    assert assessed("At a meeting.") == [
        Stage.ACKNOWLEDGED,
        Stage.INITIAL_ASSESSMENT,
        ("assess", {"capacity_reasons": "At a meeting."}),
    ]
