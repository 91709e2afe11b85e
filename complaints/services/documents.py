"""Documents, sanctions, notices."""

from django.db import transaction
from django.utils import timezone

from complaints import notices
from complaints.models import (
    CaseDocument,
    CaseEvent,
    DecisionNotice,
    Sanction,
)
from complaints.services.base import SANCTION_REASON, _event, _locked
from complaints.services.intake import _store_document
from complaints.stages import (
    HEARING_OUTCOMES,
    Stage,
)
from portal.errors import DomainError
from training.services import course_assign


def document_add(*, complaint, actor, upload, kind) -> CaseDocument:
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.anonymised_at:
            raise DomainError("This case has been anonymised.")
        document = _store_document(complaint, upload, kind=kind, user=actor)
        _event(
            complaint,
            actor=actor,
            kind=CaseEvent.Kind.DOCUMENT,
            note=f"{document.get_kind_display()}: {document.original_name}",
        )
    return document


def sanction_add(*, complaint, actor, kind, details="", due_on=None, course=None) -> Sanction:
    """Record a sanction after a breach (for a parish member: a recommendation to the parish)."""
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.outcome != Stage.BREACH:
            raise DomainError("Sanctions can only follow a hearing that found a breach.")
        return _sanction_create(
            complaint, actor=actor, kind=kind, details=details, due_on=due_on, course=course
        )


def _sanction_create(complaint, *, actor, kind, details="", due_on=None, course=None) -> Sanction:
    if kind == Sanction.Kind.TRAINING and course is None and not details.strip():
        raise DomainError("Name the training the member should take.")
    notices.refuse_if_names_complainant(complaint, details, what="sanction's details")
    recommendation = complaint.is_parish
    sanction = Sanction(
        complaint=complaint,
        kind=kind,
        details=details.strip(),
        due_on=due_on,
        is_recommendation=recommendation,
        parish_action=Sanction.ParishAction.AWAITING if recommendation else "",
        created_by=actor,
        course=course,
    )
    sanction.save()
    what = sanction.get_kind_display() + (" (recommended to the parish council)" if recommendation else "")
    enrolled = ""
    if kind == Sanction.Kind.TRAINING and course is not None and not recommendation:
        _enrol(complaint, course=course, actor=actor, due_on=due_on)
        enrolled = f" Enrolled on “{course}”."
    _event(complaint, actor=actor, kind=CaseEvent.Kind.SANCTION, note=f"{what}.{enrolled}")
    return sanction


def _enrol(complaint, *, course, actor, due_on):
    """Put a district member on the course named in a training sanction (training's own service)."""
    course_assign(
        member=complaint.subject_member,
        course=course,
        actor=actor,
        due_on=due_on,
        reason=SANCTION_REASON.format(reference=complaint.reference),
    )


def sanction_update(
    *, sanction, actor, compliance=None, compliance_notes=None, complied_on=None, parish_action=None
) -> Sanction:
    """Track whether a sanction was carried out (or, for a parish, whether it acted on the recommendation)."""
    with transaction.atomic():
        complaint = _locked(sanction.complaint)
        sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
        fields = []
        if compliance is not None:
            sanction.compliance = compliance
            sanction.complied_on = complied_on if compliance == Sanction.Compliance.DONE else None
            fields += ["compliance", "complied_on"]
        if compliance_notes is not None:
            sanction.compliance_notes = compliance_notes.strip()
            fields.append("compliance_notes")
        if parish_action is not None:
            if not sanction.is_recommendation:
                raise DomainError("Only a recommendation to a parish council has a parish decision.")
            sanction.parish_action = parish_action
            fields.append("parish_action")
        if not fields:
            raise DomainError("Nothing to change.")
        sanction.save(update_fields=fields)
        summary = f"{sanction.get_kind_display()}: {sanction.get_compliance_display().lower()}"
        if sanction.is_recommendation:
            summary += f"; {sanction.get_parish_action_display().lower()}"
        _event(complaint, actor=actor, kind=CaseEvent.Kind.SANCTION_UPDATE, note=summary + ".")
    return sanction


def notice_publish(*, notice, actor, publish: bool) -> DecisionNotice:
    """Put a hearing's decision notice on the public register, or take it off."""
    with transaction.atomic():
        complaint = _locked(notice.complaint)
        notice = DecisionNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.decision not in HEARING_OUTCOMES:
            raise DomainError("Only hearing decisions are published on the register.")
        if publish == notice.is_published:
            raise DomainError("The notice is already " + ("published." if publish else "off the register."))
        if publish:
            _publish(notice, actor=actor)
        else:
            notice.published_at = None
            notice.save(update_fields=["published_at"])
            _event(complaint, actor=actor, kind=CaseEvent.Kind.NOTICE_UNPUBLISHED, note=notice.title)
    return notice


def _publish(notice, *, actor):
    complaint = notice.complaint
    if notices.mentions_complainant(complaint, notice.public_text):
        raise DomainError("The public notice would name the complainant; it cannot be published.")
    notice.published_at = timezone.now()
    notice.member_name = complaint.subject_member.display_name if complaint.subject_member_id else ""
    notice.authority_name = complaint.subject_authority.name if complaint.subject_authority_id else ""
    notice.save(update_fields=["published_at", "member_name", "authority_name"])
    _event(complaint, actor=actor, kind=CaseEvent.Kind.NOTICE_PUBLISHED, note=notice.title)
