"""Confidentiality, assessment, the Independent Person."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaints import access
from complaints.models import (
    Assessment,
    CaseEvent,
    Complaint,
    IndependentPersonAssignment,
    IndependentPersonView,
)
from complaints.services.base import ASSESSMENT_STAGES, _event, _locked, tell_complainant
from complaints.stages import (
    OPEN_STAGES,
    Stage,
)
from portal.emails import send_templated_email
from portal.errors import DomainError


def confidentiality_decide(*, complaint, actor, granted: bool, reasons: str) -> Complaint:
    """Decide whether the member will be told who complained, and record why.

    If a request is refused, the complainant is told and may withdraw before
    the member is told of the complaint.
    """
    reasons = reasons.strip()
    if not reasons:
        raise DomainError("Give the reasons for the confidentiality decision.")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.subject_notices.exists():
            raise DomainError(
                "The member has already been told of the complaint, so this can no longer change."
            )
        if complaint.stage not in OPEN_STAGES:
            raise DomainError("The case is no longer open.")
        complaint.confidentiality = (
            Complaint.Confidentiality.GRANTED if granted else Complaint.Confidentiality.REFUSED
        )
        complaint.confidentiality_decision_reasons = reasons
        complaint.confidentiality_decided_at = timezone.now()
        complaint.save(
            update_fields=[
                "confidentiality",
                "confidentiality_decision_reasons",
                "confidentiality_decided_at",
                "updated_at",
            ]
        )
        _event(
            complaint,
            actor=actor,
            kind=CaseEvent.Kind.CONFIDENTIALITY,
            note=f"{complaint.get_confidentiality_display()}. {reasons}",
        )
        if not granted and complaint.confidentiality_requested:
            tell_complainant(
                complaint,
                template="complaints/email/confidentiality_refused",
                context={"complaint": complaint, "reasons": reasons},
                what="the decision not to keep their name from the member, with its reasons",
            )
    return complaint


def assessment_save(*, complaint, actor, **answers) -> Assessment:
    """Record the "can we" tests and the parts of the Code and the Principles engaged."""
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.stage not in ASSESSMENT_STAGES:
            raise DomainError("Start the initial assessment before recording it.")
        assessment, _ = Assessment.objects.get_or_create(complaint=complaint)
        for name, value in answers.items():
            setattr(assessment, name, value)
        assessment.updated_by = actor
        assessment.save()
        done = "complete" if assessment.tests_complete else "in progress"
        failed = assessment.failed_tests
        summary = f"Assessment {done}." + (f" Answered no: {'; '.join(failed)}." if failed else "")
        _event(complaint, actor=actor, kind=CaseEvent.Kind.ASSESSMENT, note=summary)
    return assessment


def ip_assign(*, complaint, independent_person, actor) -> IndependentPersonAssignment:
    """Ask an Independent Person for their view: from now on they can read this case file."""
    if not access.is_independent_person(independent_person):
        raise DomainError(f"{independent_person} is not one of the council's Independent Persons.")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.stage in (Stage.CLOSED, Stage.UNCONFIRMED):
            raise DomainError("The case is closed.")
        assignment, created = IndependentPersonAssignment.objects.get_or_create(
            complaint=complaint,
            independent_person=independent_person,
            defaults={"assigned_by": actor},
        )
        if not created:
            raise DomainError(f"{independent_person} has already been asked for a view on this case.")
        _event(
            complaint,
            actor=actor,
            kind=CaseEvent.Kind.IP_ASSIGNED,
            note=f"{independent_person.get_full_name()} asked for a view.",
        )
        send_templated_email(
            to=[independent_person.email],
            template="complaints/email/ip_assigned",
            context={
                "complaint": complaint,
                "person": independent_person,
                "link": settings.SITE_URL + reverse("complaints:consulted_case", args=[complaint.pk]),
            },
        )
    return assignment


def ip_view_record(
    *, complaint, independent_person, view: str, actor, consulted_on=None
) -> IndependentPersonView:
    """Record the Independent Person's view, given by them in the portal or to the Monitoring Officer."""
    view = view.strip()
    if not view:
        raise DomainError("Write down the Independent Person's view.")
    if consulted_on and consulted_on > timezone.localdate():
        raise DomainError(
            "The date consulted cannot be in the future: the view must come before the decision it informs."
        )
    with transaction.atomic():
        complaint = _locked(complaint)
        if not IndependentPersonAssignment.objects.filter(
            complaint=complaint, independent_person=independent_person
        ).exists():
            raise DomainError(f"{independent_person} has not been asked for a view on this case.")
        if complaint.stage not in OPEN_STAGES:
            raise DomainError("The case has been decided; views can no longer be added.")
        record = IndependentPersonView.objects.create(
            complaint=complaint,
            independent_person=independent_person,
            stage=complaint.stage,
            view=view,
            consulted_on=consulted_on or timezone.localdate(),
            recorded_by=actor,
        )
        by = "" if actor == independent_person else f" (recorded by {actor.get_full_name()})"
        _event(
            complaint,
            actor=actor,
            kind=CaseEvent.Kind.IP_VIEW,
            note=(
                f"View of {independent_person.get_full_name()} at stage "
                f"“{complaint.get_stage_display()}”{by}."
            ),
        )
    return record
