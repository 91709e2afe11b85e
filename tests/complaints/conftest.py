"""Factories for standards complaint tests: complaints at any stage, uploads, and page text."""

import itertools
import uuid

import pytest

from complaints import services
from complaints.models import Complaint
from complaints.stages import Stage
from tests import kit

_sequence = itertools.count(1)

COMPLAINANT = "Beatrix Quennell"
COMPLAINANT_EMAIL = "beatrix.quennell@example.net"


def details(subject=None, **overrides) -> dict:
    data = {
        "complainant_name": COMPLAINANT,
        "complainant_email": COMPLAINANT_EMAIL,
        "complainant_phone": "01632 960123",
        "complainant_address": "4 Mill Lane, Amberley",
        "subject_member": subject,
        "subject_description": "" if subject else "A councillor on the parish council, name unknown",
        "what_happened": "At the parish meeting on 3 March the councillor called me a liar in front of all.",
        "incident_date": None,
        "incident_place": "Amberley village hall",
        "incident_link": "",
        "code_paragraphs": ["respect"],
        "nolan_principles": ["leadership"],
        "outcome_sought": "An apology.",
        "confidentiality_requested": False,
        "confidentiality_reasons": "",
    }
    data.update(overrides)
    return data


_roles_back_after_flushes = kit.roles_back_after_flushes()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded evidence goes to a throwaway folder, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def subject_member(councillor):
    """The member complained about: Morgan Hale, a district councillor who signs in."""
    return councillor.member


@pytest.fixture
def parish_member(make_member, parish):
    return make_member(
        authority=parish, first_name="Gerald", last_name="Pickering", email="gerald.pickering@example.org"
    )


@pytest.fixture
def make_complaint(db, monitoring_officer, independent_person):
    """``make_complaint(stage=..., subject=member, **details)``: a confirmed complaint moved by the services.

    Goes through the real intake and workflow, so every step writes its events.
    """

    def make(*, stage=Stage.RECEIVED, subject=None, actor=None, **overrides):
        actor = actor or monitoring_officer
        submission = services.complaint_submit(
            form_token=uuid.uuid4(), details=details(subject, **overrides), evidence=()
        )
        services.complaint_confirm(token=submission.confirmation_token)
        complaint = submission.complaint
        advance(complaint, stage, actor=actor, independent_person=independent_person)
        complaint.refresh_from_db()
        return complaint

    return make


# The moves that take a new complaint to each stage (with what each move needs).
ASSESSED = [Stage.ACKNOWLEDGED, Stage.INITIAL_ASSESSMENT, "assess"]
HEARD = [*ASSESSED, Stage.INVESTIGATION, Stage.REPORT, "ip_view", Stage.HEARING]
PATHS = {
    Stage.RECEIVED: [],
    Stage.ACKNOWLEDGED: [Stage.ACKNOWLEDGED],
    Stage.INITIAL_ASSESSMENT: [Stage.ACKNOWLEDGED, Stage.INITIAL_ASSESSMENT],
    Stage.NO_FURTHER_ACTION: [*ASSESSED, Stage.NO_FURTHER_ACTION],
    Stage.REVIEW: [*ASSESSED, Stage.NO_FURTHER_ACTION, Stage.REVIEW],
    Stage.INFORMAL_RESOLUTION: [*ASSESSED, Stage.INFORMAL_RESOLUTION],
    Stage.POLICE_REFERRAL: [*ASSESSED, Stage.POLICE_REFERRAL],
    Stage.INVESTIGATION: [*ASSESSED, Stage.INVESTIGATION],
    Stage.REPORT: [*ASSESSED, Stage.INVESTIGATION, Stage.REPORT],
    Stage.HEARING: HEARD,
    Stage.NO_BREACH: [*HEARD, Stage.NO_BREACH],
    Stage.BREACH: [*HEARD, Stage.BREACH],
    Stage.WITHDRAWN: [Stage.ACKNOWLEDGED, Stage.WITHDRAWN],
    Stage.CLOSED: [Stage.ACKNOWLEDGED, Stage.WITHDRAWN, Stage.CLOSED],
}

ALL_YES = {
    "subject_is_member": "yes",
    "within_time_limit": "yes",
    "acting_in_capacity": "yes",
    "capacity_reasons": "Speaking at a council meeting as a councillor.",
    "covered_by_code": "yes",
    "code_paragraphs": ["respect"],
    "nolan_principles": ["leadership"],
    "notes": "",
}


def advance(complaint, stage, *, actor, independent_person=None):
    """Move a complaint on to ``stage``, starting from wherever it is on the way there."""
    steps = PATHS[stage]
    if complaint.stage in steps:
        steps = steps[steps.index(complaint.stage) + 1 :]
    for step in steps:
        complaint = Complaint.objects.get(pk=complaint.pk)
        if step == "assess":
            services.assessment_save(complaint=complaint, actor=actor, **ALL_YES)
        elif step == "ip_view":
            services.ip_assign(complaint=complaint, independent_person=independent_person, actor=actor)
            services.ip_view_record(
                complaint=complaint,
                independent_person=independent_person,
                view="The report is thorough; I agree the matter should be heard.",
                actor=independent_person,
            )
        else:
            services.complaint_move(
                complaint=complaint, target=step, actor=actor, reasons=f"Reasons for {Stage(step).label}."
            )
    return Complaint.objects.get(pk=complaint.pk)
