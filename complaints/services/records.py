"""Records."""

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from complaints import register_cache
from complaints.models import (
    Assessment,
    CaseAccess,
    CaseDocument,
    CaseEvent,
    Complaint,
)
from complaints.services.base import (
    ANONYMISED,
    CONFIRMATION_DAYS,
    SANCTION_REASON,
    SANCTION_REASON_ANONYMISED,
    _event,
)
from complaints.stages import (
    OUTCOME_STAGES,
    Stage,
)
from training.models import CourseAssignment
from training.models import Event as TrainingEvent


def access_record(*, complaint, user, action, detail="") -> CaseAccess:
    """Write who looked at which part of a case file, and when."""
    return CaseAccess.objects.create(complaint=complaint, user=user, action=action, detail=detail[:300])


def access_record_listed(*, complaints, user, detail="", action=CaseAccess.Action.LISTED) -> None:
    """Write that each of these cases appeared in a list or a search someone ran (one query)."""
    CaseAccess.objects.bulk_create(
        CaseAccess(complaint=complaint, user=user, action=action, detail=detail[:300])
        for complaint in complaints
    )


def anonymise_closed_complaints(*, now=None) -> int:
    """Remove personal details from cases that ended longer ago than the retention period.

    A case has ended when it is closed, or rests at an outcome (a decision, a hearing's
    finding, a withdrawal): the period runs from the closing, or else from the day the
    case reached its outcome. Keeps what the statistics need (dates, stage, outcome,
    source, which council) and the published register text. Idempotent: an anonymised
    case is never touched again. Also deletes complaints whose email was never confirmed,
    once their link has expired. Returns the number anonymised.
    """
    now = now or timezone.now()
    cutoff = _years_before(now, settings.COMPLAINT_RETENTION_YEARS)
    count = 0
    ids = list(_ended_before(cutoff).order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().get(pk=pk)
            if complaint.anonymised_at:
                continue
            _anonymise(complaint, now=now)
            count += 1
    expired = now - datetime.timedelta(days=CONFIRMATION_DAYS)
    # Evidence of unconfirmed complaints is still in quarantine: only with_quarantined sees it.
    for document in CaseDocument.with_quarantined.filter(
        complaint__stage=Stage.UNCONFIRMED, complaint__submitted_at__lt=expired
    ):
        document.file.delete(save=False)
    Complaint.objects.filter(stage=Stage.UNCONFIRMED, submitted_at__lt=expired).delete()
    return count


def _ended_before(cutoff):
    """Cases not yet anonymised that were closed, or reached their outcome, before ``cutoff``."""
    reached = (
        CaseEvent.objects.filter(
            complaint=OuterRef("pk"), kind=CaseEvent.Kind.TRANSITION, to_status=OuterRef("stage")
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return (
        Complaint.objects.filter(stage__in=[*OUTCOME_STAGES, Stage.CLOSED], anonymised_at__isnull=True)
        .annotate(ended_at=Coalesce("closed_at", Subquery(reached), "decided_at"))
        .filter(ended_at__lt=cutoff)
    )


def _years_before(moment, years: int):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def _anonymise(complaint, *, now):
    """Clear everything that ties the case to a person: its own fields, every row hanging off
    it (people and free text), the uploaded files, and the training the sanction set.

    Kept: the reference, dates, stage, outcome, source and council (the statistics), the
    published register entry (a public record), and which Independent Person was consulted
    (a statutory office-holder: the law requires their view to be on record).
    """
    reference = complaint.reference
    for document in complaint.documents.all():
        document.file.delete(save=False)
    complaint.documents.all().delete()
    complaint.complainant_name = ANONYMISED
    complaint.complainant_email = "removed@invalid"
    complaint.complainant_phone = ""
    complaint.complainant_address = ""
    complaint.complainant_user = None
    complaint.subject_member = None
    complaint.subject_description = ""
    complaint.what_happened = ANONYMISED
    complaint.incident_place = ""
    complaint.incident_link = ""
    complaint.outcome_sought = ""
    complaint.confidentiality_reasons = ""
    complaint.confidentiality_decision_reasons = ""
    complaint.pause_reason = ""
    # The links' digests and the form's token are the last keys from outside to the case.
    complaint.confirmation_digest = None
    complaint.status_digest = None
    complaint.form_token = uuid.uuid4()
    complaint.anonymised_at = now
    complaint.save()
    Assessment.objects.filter(complaint=complaint).update(capacity_reasons="", notes="", updated_by=None)
    complaint.ip_assignments.update(assigned_by=None)
    complaint.ip_views.update(view=ANONYMISED, recorded_by=None)
    complaint.subject_notices.update(
        member=None,
        allegation_summary=ANONYMISED,
        response="",
        sent_to="",
        complainant_label="",
        clerk_notified="",
        sent_by=None,
    )
    complaint.decision_notices.update(text=ANONYMISED, created_by=None)
    complaint.decision_notices.filter(published_at__isnull=True).update(public_text="")
    register_cache.REGISTER.changed()  # the updates above send no signal
    complaint.sanctions.update(details="", compliance_notes="", created_by=None)
    complaint.events.exclude(kind=CaseEvent.Kind.ANONYMISED).update(note="", actor=None)
    complaint.access_log.update(user=None, detail="")
    _forget_sanction_training(reference)
    _event(
        complaint,
        actor=None,
        kind=CaseEvent.Kind.ANONYMISED,
        note=(
            f"Ended more than {settings.COMPLAINT_RETENTION_YEARS} years ago: names, contact details, "
            "the complaint's text, who handled and looked at it, and its documents removed."
        ),
    )


def _forget_sanction_training(reference):
    """The member's training record keeps the course, not the complaint that set it."""
    if not reference:
        return
    said = SANCTION_REASON.format(reference=reference)
    CourseAssignment.objects.filter(reason=said).update(reason=SANCTION_REASON_ANONYMISED)
    for event in TrainingEvent.objects.filter(note__contains=said).only("pk", "note"):
        event.note = event.note.replace(said, SANCTION_REASON_ANONYMISED)
        event.save(update_fields=["note"])
