"""Retention that really anonymises (issue 12): every ended case, and nothing left anywhere.

After ``anonymise_closed_complaints`` no table and no uploaded file may tie an anonymised
case to a person: the search below reads every text column of every table in the database
and every file in the upload folder for the complainant's and the member's names, emails,
phone, address and the case reference.
"""

import datetime
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from complaints import services
from complaints.models import CaseAccess, CaseEvent, Complaint, DecisionNotice
from complaints.stages import Stage
from tests.complaints.conftest import COMPLAINANT, COMPLAINANT_EMAIL, advance
from tests.kit import pdf_upload
from training.models import Course, CourseAssignment

TEXT_TYPES = {"character varying", "text", "jsonb", "json", "ARRAY", "character"}


def run_command():
    out = StringIO()
    call_command("anonymise_closed_complaints", stdout=out)
    return out.getvalue()


def backdate(complaint, *, years):
    """Move every timestamp of the case back by ``years`` (and two days)."""
    delta = datetime.timedelta(days=365 * years + 2)
    complaint.refresh_from_db()
    for field in ("submitted_at", "received_at", "acknowledged_at", "decided_at", "closed_at"):
        if getattr(complaint, field):
            setattr(complaint, field, getattr(complaint, field) - delta)
    complaint.save()
    for event in complaint.events.all():
        CaseEvent.objects.filter(pk=event.pk).update(created_at=event.created_at - delta)


def text_hits(fragments: list[str]) -> set[tuple[str, str, str]]:
    """(table, column, fragment) for every text column of every table that holds a fragment."""
    hits = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                [table],
            )
            columns = [name for name, kind in cursor.fetchall() if kind in TEXT_TYPES]
            for column in columns:
                for fragment in fragments:
                    cursor.execute(
                        f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                        [f"%{fragment}%"],
                    )
                    if cursor.fetchone():
                        hits.add((table, column, fragment))
    return hits


def file_hits(root, fragments: list[str]) -> list[str]:
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                content = handle.read().decode("latin-1").lower()
            found += [f"{path}: {f}" for f in fragments if f.lower() in content or f.lower() in path.lower()]
    return found


@pytest.fixture
def course(db):
    return Course.objects.create(title="Respect at meetings", slug="respect", summary="Treating people well.")


@pytest.fixture
def full_case(
    make_complaint, monitoring_officer, independent_person, councillor, client_for, course, settings
):
    """A breach case that touched everything: evidence, the member's notice and response, an
    Independent Person, every page looked at, a training sanction, then closed seven years ago."""

    def make(subject):
        complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject)
        services.document_add(
            complaint=complaint,
            actor=monitoring_officer,
            upload=pdf_upload("Quennell-evidence.pdf"),
            kind="evidence",
        )
        notice = services.subject_notify(
            complaint=complaint, actor=monitoring_officer, allegation_summary="Called a resident a liar."
        )
        services.subject_response_record(notice=notice, actor=councillor, response="I regret it.")
        services.complaint_pause(
            complaint=complaint, actor=monitoring_officer, reason="Waiting for Ms Quennell."
        )
        services.complaint_resume(complaint=complaint, actor=monitoring_officer)
        advance(complaint, Stage.HEARING, actor=monitoring_officer, independent_person=independent_person)
        services.complaint_move(
            complaint=complaint,
            target=Stage.BREACH,
            actor=monitoring_officer,
            reasons="The member was disrespectful to a resident at a meeting.",
            sanctions=[
                {"kind": "censure", "details": "A censure read at full Council."},
                {"kind": "training", "details": "", "course": course},
            ],
            publish=False,
        )
        officer = client_for(monitoring_officer)
        officer.get(f"/complaints/cases/{complaint.pk}/")
        officer.get(f"/complaints/cases/{complaint.pk}/documents/{complaint.documents.get().pk}/")
        for decision in complaint.decision_notices.all():
            officer.get(f"/complaints/cases/{complaint.pk}/decisions/{decision.pk}/")
        officer.get("/complaints/cases/", {"q": "Quennell"})
        services.complaint_move(complaint=complaint, target=Stage.CLOSED, actor=monitoring_officer)
        backdate(complaint, years=7)
        return Complaint.objects.get(pk=complaint.pk)

    return make


@pytest.mark.parametrize("who", ["district", "parish"])
def test_it_leaves_no_row_or_file_that_ties_an_anonymised_case_to_a_person(
    full_case, subject_member, parish_member, monitoring_officer, settings, who
):
    member = subject_member if who == "district" else parish_member
    complaint = full_case(member)
    reference = complaint.reference
    if who == "district":
        assert CourseAssignment.objects.get(member=member).reason.endswith(reference)
    assert CaseAccess.objects.filter(complaint=complaint).exclude(detail="").exists()

    assert run_command() == "Anonymised 1 complaint closed more than 6 years ago.\n"

    complainant = [COMPLAINANT, "Beatrix", "Quennell", COMPLAINANT_EMAIL, "01632 960123", "Mill Lane"]
    member_identity = [member.display_name, f"{member.first_name} {member.last_name}", member.email]
    hits = text_hits([*complainant, *member_identity, reference])
    # Where they may stay: the member's own person rows (not tied to the case), and the
    # case's own reference. Nothing else, in any table.
    person_tables = {"portal_member", "portal_user"}
    allowed = {
        hit
        for hit in hits
        if (hit[0] in person_tables and hit[2] in member_identity)
        or (hit[:2] == ("complaints_complaint", "reference"))
        or (hit[:2] == ("complaints_decisionnotice", "title") and hit[2] == reference)
    }
    assert hits - allowed == set()
    assert file_hits(settings.MEDIA_ROOT, [*complainant, reference]) == []
    assert not any(files for _, _, files in os.walk(settings.MEDIA_ROOT))

    # No row of the case points at a person, except the Independent Person consulted.
    complaint.refresh_from_db()
    assert (complaint.complainant_user, complaint.subject_member) == (None, None)
    assert (complaint.status_digest, complaint.confirmation_digest) == (None, None)
    assert not complaint.events.filter(actor__isnull=False).exists()
    assert not complaint.access_log.filter(user__isnull=False).exists()
    assert not complaint.subject_notices.exclude(member=None, sent_by=None, clerk_notified="").exists()
    assert not complaint.decision_notices.filter(created_by__isnull=False).exists()
    assert not complaint.sanctions.filter(created_by__isnull=False).exists()
    assert not complaint.ip_views.filter(recorded_by__isnull=False).exists()


@pytest.mark.parametrize(
    "stage",
    [
        Stage.WITHDRAWN,
        Stage.NO_FURTHER_ACTION,
        Stage.INFORMAL_RESOLUTION,
        Stage.POLICE_REFERRAL,
        Stage.NO_BREACH,
        Stage.BREACH,
    ],
)
def test_it_anonymises_a_case_that_ended_at_any_outcome_once_its_retention_period_has_passed(
    make_complaint, subject_member, stage
):
    old = make_complaint(stage=stage, subject=subject_member)
    backdate(old, years=7)
    recent = make_complaint(stage=stage, subject=subject_member)
    backdate(recent, years=5)

    assert run_command() == "Anonymised 1 complaint closed more than 6 years ago.\n"

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None and old.complainant_name != COMPLAINANT
    assert (old.stage, old.outcome) == (stage, stage)  # the figures keep the outcome
    assert recent.anonymised_at is None and recent.complainant_name == COMPLAINANT


def test_it_keeps_a_published_hearing_decision_on_the_register_after_anonymising(
    make_complaint, subject_member, client
):
    complaint = make_complaint(stage=Stage.BREACH, subject=subject_member)
    backdate(complaint, years=7)
    notice = DecisionNotice.objects.get(complaint=complaint, decision=Stage.BREACH)
    run_command()
    page = client.get(f"/complaints/decisions/{notice.pk}/")
    assert page.status_code == 200
    assert "Cllr Morgan Hale" in page.content.decode()
    assert COMPLAINANT not in page.content.decode()
