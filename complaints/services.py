"""Every write to a complaint. Views, admin actions and commands call these; nothing else saves.

Each service has one shape: lock the case row, check the move is allowed
(raising DomainError with a message for the person), write the change with
``update_fields``, write a CaseEvent row, and queue emails to go when the
transaction commits.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from complaints import access, deadlines, notices
from complaints.models import (
    Assessment,
    CaseAccess,
    CaseDocument,
    CaseEvent,
    Complaint,
    DecisionNotice,
    IndependentPersonAssignment,
    IndependentPersonView,
    ReferenceSequence,
    Sanction,
    SubjectNotice,
    new_token,
    token_digest,
)
from complaints.stages import (
    DECISIONS,
    HEARING_OUTCOMES,
    INVESTIGATED_DECISIONS,
    INVESTIGATED_VIEW_STAGES,
    OPEN_STAGES,
    OUTCOME_STAGES,
    Stage,
    complaint_workflow,
)
from portal.emails import send_templated_email
from portal.errors import DomainError
from training.models import CourseAssignment
from training.models import Event as TrainingEvent
from training.services import course_assign

# A confirmation link works for this many days; unconfirmed complaints are then deleted.
CONFIRMATION_DAYS = 7
# Stages in which the subject member may be told of the complaint.
NOTICE_STAGES = (Stage.ACKNOWLEDGED, Stage.INITIAL_ASSESSMENT, Stage.INVESTIGATION, Stage.REVIEW)
# Stages in which the Monitoring Officer may record the initial assessment.
ASSESSMENT_STAGES = (Stage.INITIAL_ASSESSMENT, Stage.REVIEW)
# Moves whose reasons the parties will read: they must say why.
REASONS_REQUIRED = {*DECISIONS, Stage.WITHDRAWN, Stage.REVIEW, Stage.REPORT, Stage.HEARING}
ANONYMISED = "[removed under the retention policy]"
# Why a training sanction put the member on a course (their training record shows it).
SANCTION_REASON = "Standards sanction on complaint {reference}"
SANCTION_REASON_ANONYMISED = "Required by the Monitoring Officer."


def reference_prefix() -> str:
    """FDC for Fellbridge District Council, unless settings.COMPLAINT_REFERENCE_PREFIX says otherwise."""
    configured = settings.COMPLAINT_REFERENCE_PREFIX
    return (
        configured or "".join(word[0] for word in settings.COUNCIL_NAME.split() if word[:1].isalpha()).upper()
    )


@dataclass
class Submission:
    complaint: Complaint
    created: bool
    # The raw tokens for the status link and the confirmation link, present only when this
    # call made them: we store their digests. The confirmation token goes only into the email.
    status_token: str | None = None
    confirmation_token: str | None = None


# --- Intake -------------------------------------------------------------------


def complaint_submit(*, form_token, details: dict, evidence=(), user=None) -> Submission:
    """Store a complaint from the form, once per form token.

    From the public: the complaint waits for the complainant to confirm their
    email address, and we send the link. From a signed-in member or officer:
    it is received at once. Posting the same form twice returns the first
    complaint and sends nothing more.
    """
    existing = Complaint.objects.filter(form_token=form_token).first()
    if existing is not None:
        return Submission(existing, created=False)
    try:
        with transaction.atomic():
            complaint = Complaint(form_token=form_token, **details)
            if complaint.subject_member_id:
                complaint.subject_authority_id = complaint.subject_member.authority_id
            if complaint.confidentiality_requested:
                complaint.confidentiality = Complaint.Confidentiality.PENDING
            confirmation = None
            if user is not None:
                complaint.complainant_user = user
                complaint.source = _source_for(user)
            else:
                confirmation = new_token()
                complaint.confirmation_digest = token_digest(confirmation)
            complaint.save()
            for upload in evidence:
                _store_document(complaint, upload, kind=CaseDocument.Kind.EVIDENCE, user=user)
            if user is not None:
                status_token = _receive(complaint, actor=user)
                return Submission(complaint, created=True, status_token=status_token)
            send_templated_email(
                to=[complaint.complainant_email],
                template="complaints/email/confirm",
                context={
                    "complaint": complaint,
                    "link": settings.SITE_URL + reverse("complaints:confirm", args=[confirmation]),
                    "days": CONFIRMATION_DAYS,
                },
            )
            return Submission(complaint, created=True, confirmation_token=confirmation)
    except IntegrityError:
        # The same form posted twice at the same moment: the other request stored it.
        existing = Complaint.objects.filter(form_token=form_token).first()
        if existing is None:
            raise
        return Submission(existing, created=False)


def _source_for(user) -> str:
    if user.has_perm("portal.use_member_area"):
        return Complaint.Source.MEMBER
    if user.has_perm("portal.access_back_office"):
        return Complaint.Source.OFFICER
    return Complaint.Source.PUBLIC


def complaint_confirm(*, token: str) -> Submission:
    """The complainant followed the link in their email: the complaint is now received.

    Following the link again changes nothing. A link older than
    CONFIRMATION_DAYS no longer works.
    """
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update().filter(confirmation_digest=token_digest(token)).first()
        )
        if complaint is None:
            raise DomainError("This confirmation link is not valid. Check that you copied all of it.")
        if complaint.stage != Stage.UNCONFIRMED:
            return Submission(complaint, created=False)
        if timezone.now() - complaint.submitted_at > datetime.timedelta(days=CONFIRMATION_DAYS):
            raise DomainError(
                f"This confirmation link has expired: links work for {CONFIRMATION_DAYS} days. "
                "Please send your complaint again."
            )
        status_token = _receive(complaint, actor=None)
        return Submission(complaint, created=True, status_token=status_token)


def _receive(complaint: Complaint, *, actor) -> str:
    """Give a complaint its reference and status link, start the clock, tell the complainant."""
    now = timezone.now()
    complaint.reference = _next_reference(timezone.localdate(now).year)
    status_token = new_token()
    complaint.status_digest = token_digest(status_token)
    complaint.received_at = now
    complaint.stage = Stage.RECEIVED
    fields = ["reference", "status_digest", "received_at", "stage", "updated_at"]
    fields += deadlines.apply_clock(complaint)
    complaint.save(update_fields=fields)
    _event(
        complaint,
        actor=actor,
        kind=CaseEvent.Kind.TRANSITION,
        from_status=Stage.UNCONFIRMED,
        to_status=Stage.RECEIVED,
        note="Lodged by a signed-in user." if actor else "The complainant confirmed their email address.",
    )
    send_templated_email(
        to=[complaint.complainant_email],
        template="complaints/email/received",
        context={"complaint": complaint, "status_link": status_link(status_token)},
    )
    return status_token


def status_link(token: str) -> str:
    return settings.SITE_URL + reverse("complaints:status", args=[token])


def _next_reference(year: int) -> str:
    """The next reference for the year, e.g. FDC/2026/0042. Sequential, never reused, safe under load."""
    ReferenceSequence.objects.bulk_create([ReferenceSequence(year=year)], ignore_conflicts=True)
    sequence = ReferenceSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{reference_prefix()}/{year}/{sequence.last_number:04d}"


def _store_document(complaint, upload, *, kind, user) -> CaseDocument:
    document = CaseDocument(
        complaint=complaint,
        kind=kind,
        original_name=upload.name[-200:],
        size=upload.size,
        uploaded_by=user,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    return document


# --- Moving a case through the process ----------------------------------------


def _locked(complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("subject_member__authority", "subject_authority")
        .get(pk=complaint.pk)
    )


def _event(complaint, **fields) -> CaseEvent:
    return CaseEvent.record(complaint=complaint, **fields)


def complaint_move(
    *,
    complaint,
    target: str,
    actor,
    reasons: str = "",
    hearing_on=None,
    sanctions=(),
    publish: bool = True,
) -> Complaint:
    """Move a case to another stage, if the workflow and the rules allow, and record why.

    ``sanctions`` (for a breach) are dicts with kind, details, due_on and
    optionally course. Decisions produce a decision notice that goes to the
    complainant, the member and (for a parish member) the clerk; a hearing's
    decision is published on the register unless ``publish`` is False.
    """
    reasons = (reasons or "").strip()
    with transaction.atomic():
        complaint = _locked(complaint)
        source = complaint.stage
        workflow = complaint_workflow()
        workflow.check(source, target)
        _check_move(complaint, source, target, reasons=reasons, sanctions=sanctions)
        now = timezone.now()
        complaint.stage = target
        fields = ["stage", "updated_at"]
        if target == Stage.ACKNOWLEDGED:
            complaint.acknowledged_at = now
            fields.append("acknowledged_at")
        if target == Stage.INITIAL_ASSESSMENT:
            Assessment.objects.get_or_create(complaint=complaint)
        if target == Stage.HEARING:
            complaint.hearing_on = hearing_on
            fields.append("hearing_on")
        if target in DECISIONS:
            complaint.decided_at = now
            fields.append("decided_at")
            if source in (Stage.INITIAL_ASSESSMENT, Stage.REVIEW) and not complaint.assessment_decided_at:
                complaint.assessment_decided_at = now
                fields.append("assessment_decided_at")
        if target in OUTCOME_STAGES:
            complaint.outcome = target
            fields.append("outcome")
        elif target in OPEN_STAGES and complaint.outcome:
            complaint.outcome = ""  # a review or a failed informal resolution reopens the case
            fields.append("outcome")
        if target == Stage.CLOSED:
            complaint.closed_at = now
            fields.append("closed_at")
        fields += deadlines.apply_clock(complaint)
        if complaint.paused_since and not complaint.clock:
            fields += _resume(
                complaint, actor=actor, on=timezone.localdate(now), note="The clock stopped at this stage."
            )
        complaint.save(update_fields=sorted(set(fields)))
        _event(
            complaint,
            actor=actor,
            kind=CaseEvent.Kind.TRANSITION,
            from_status=source,
            to_status=target,
            note=reasons,
        )
        created_sanctions = [
            _sanction_create(complaint, actor=actor, **sanction) for sanction in sanctions if sanction
        ]
        _after_move(
            complaint,
            source,
            target,
            actor=actor,
            reasons=reasons,
            sanctions=created_sanctions,
            publish=publish,
        )
    return complaint


def _check_move(complaint, source, target, *, reasons, sanctions):
    if target in DECISIONS and complaint.confidentiality == Complaint.Confidentiality.PENDING:
        raise DomainError(
            "The complainant asked for their name to be withheld, and that request has not been decided. "
            "Decide on it first: the decision notice goes to the member, and it must not name the "
            "complainant if their name is to be withheld."
        )
    if target in REASONS_REQUIRED and not reasons:
        raise DomainError(f"Give the reasons for “{Stage(target).label}”: they go on the case record.")
    if target in DECISIONS and reasons:
        notices.refuse_if_names_complainant(complaint, reasons, what="reasons for the decision")
    if sanctions and target != Stage.BREACH:
        raise DomainError("Sanctions can only follow a hearing that found a breach.")
    for sanction in sanctions:
        if sanction:
            notices.refuse_if_names_complainant(
                complaint, sanction.get("details", ""), what="sanction's details"
            )
    if (source, target) in INVESTIGATED_DECISIONS and not complaint.ip_views.filter(
        stage__in=INVESTIGATED_VIEW_STAGES
    ).exists():
        raise DomainError(
            "Record the Independent Person's view on the investigation report before this decision: "
            "the law requires their view to be sought and taken into account on an investigated complaint."
        )
    if source == Stage.INITIAL_ASSESSMENT and target in DECISIONS:
        assessment = Assessment.objects.filter(complaint=complaint).first()
        if assessment is None or not assessment.tests_complete:
            raise DomainError(
                "Record the initial assessment first: answer each “can we” test and give the reasons "
                "on acting in capacity."
            )
        failed = assessment.failed_tests
        if failed and target != Stage.NO_FURTHER_ACTION:
            raise DomainError(
                "The assessment says the Code of Conduct cannot apply ("
                + "; ".join(failed)
                + " – answered no), so the only decision open is no further action."
            )
        if target != Stage.NO_FURTHER_ACTION and complaint.subject_member_id is None:
            raise DomainError("Identify the member complained about before deciding to take this further.")
    if target == Stage.REVIEW:
        decided_from = (
            complaint.events.filter(kind=CaseEvent.Kind.TRANSITION, to_status=Stage.NO_FURTHER_ACTION)
            .order_by("-created_at", "-pk")
            .values_list("from_status", flat=True)
            .first()
        )
        if decided_from not in (Stage.INITIAL_ASSESSMENT, Stage.REVIEW):
            raise DomainError(
                "Only a “no further action” decision taken at initial assessment can be reviewed; "
                "this one followed an investigation."
            )
    if target == Stage.HEARING and complaint.subject_member_id is None:
        raise DomainError("Identify the member complained about before referring the complaint to a hearing.")


def _after_move(complaint, source, target, *, actor, reasons, sanctions, publish):
    if target == Stage.ACKNOWLEDGED:
        send_templated_email(
            to=[complaint.complainant_email],
            template="complaints/email/acknowledgement",
            context={
                "complaint": complaint,
                "assessment_due_on": complaint.assessment_due_on,
                "name_withheld_requested": complaint.confidentiality_requested,
            },
        )
    elif target == Stage.WITHDRAWN:
        send_templated_email(
            to=[complaint.complainant_email],
            template="complaints/email/withdrawn",
            context={"complaint": complaint},
        )
    if target in DECISIONS:
        notice = _decision_notice(
            complaint, decision=target, actor=actor, reasons=reasons, sanctions=sanctions
        )
        if target in HEARING_OUTCOMES and publish:
            _publish(notice, actor=actor)
        _send_decision(complaint, notice)


def _decision_notice(complaint, *, decision, actor, reasons, sanctions) -> DecisionNotice:
    ip_views = list(complaint.ip_views.all())
    kwargs = {"decision": decision, "reasons": reasons, "sanctions": sanctions, "ip_views": ip_views}
    return DecisionNotice.objects.create(
        complaint=complaint,
        decision=decision,
        title=f"{notices.DECISION_TITLES[decision]} ({complaint.reference})",
        text=notices.render_decision(complaint, **kwargs),
        public_text=notices.render_decision(complaint, for_public=True, **kwargs),
        complainant_redacted=complaint.name_withheld,
        created_by=actor,
    )


def _send_decision(complaint, notice):
    context = {"complaint": complaint, "notice": notice}
    send_templated_email(
        to=[complaint.complainant_email],
        template="complaints/email/decision_complainant",
        context=context,
    )
    member = complaint.subject_member
    # The member and the clerk hear of the decision only if the member was told of the complaint,
    # and only in a text that honours the confidentiality decision.
    if member is None or not complaint.subject_notices.exists():
        return
    if not notices.may_show_member(notice):
        return
    if member.email:
        send_templated_email(
            to=[member.email],
            template="complaints/email/decision_member",
            context={**context, "member": member, "has_login": member.user_id is not None},
        )
    if complaint.is_parish and complaint.subject_authority.clerk_email:
        send_templated_email(
            to=[complaint.subject_authority.clerk_email],
            template="complaints/email/decision_clerk",
            context={**context, "member": member, "authority": complaint.subject_authority},
        )


def complaint_withdraw_by_complainant(*, token: str, reasons: str) -> Complaint:
    """The complainant withdrew their complaint from their status page."""
    complaint = Complaint.objects.filter(status_digest=token_digest(token)).first()
    if complaint is None:
        raise DomainError("This status link is not valid.")
    if complaint.stage not in OPEN_STAGES:
        raise DomainError("This complaint has already been decided, so it can no longer be withdrawn.")
    return complaint_move(
        complaint=complaint,
        target=Stage.WITHDRAWN,
        actor=None,
        reasons="Withdrawn by the complainant. " + (reasons.strip() or "No reason given."),
    )


# --- Clocks -----------------------------------------------------------------------


def complaint_pause(*, complaint, actor, reason: str, on: datetime.date | None = None) -> Complaint:
    """Stop the case's clock while we wait on a party (the complainant, the member, a witness)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say who or what the case is waiting for.")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.paused_since:
            raise DomainError("The clock is already paused.")
        if not complaint.clock:
            raise DomainError("No target is running at this stage, so there is no clock to pause.")
        complaint.paused_since = on or timezone.localdate()
        complaint.pause_reason = reason[:300]
        complaint.save(update_fields=["paused_since", "pause_reason", "updated_at"])
        _event(complaint, actor=actor, kind=CaseEvent.Kind.PAUSED, note=reason)
    return complaint


def complaint_resume(*, complaint, actor, on: datetime.date | None = None) -> Complaint:
    """Restart the clock: the running target moves back by the working days the pause lasted."""
    with transaction.atomic():
        complaint = _locked(complaint)
        if not complaint.paused_since:
            raise DomainError("The clock is not paused.")
        fields = _resume(complaint, actor=actor, on=on or timezone.localdate())
        complaint.save(update_fields=sorted(set(fields)))
    return complaint


def _resume(complaint, *, actor, on, note="") -> list[str]:
    if on < complaint.paused_since:
        raise DomainError("The clock cannot restart before the day it was paused.")
    lost = deadlines.paused_working_days(complaint.paused_since, on)
    complaint.paused_working_days += lost
    complaint.paused_since = None
    complaint.pause_reason = ""
    fields = ["paused_since", "pause_reason", "paused_working_days", "updated_at"]
    fields += deadlines.apply_clock(complaint)
    due = f" The target is now {complaint.due_on:%-d %B %Y}." if complaint.due_on else ""
    _event(
        complaint,
        actor=actor,
        kind=CaseEvent.Kind.RESUMED,
        note=f"{note} Paused for {lost} working day{'s' if lost != 1 else ''}.{due}".strip(),
    )
    return fields


# --- Confidentiality, assessment, the Independent Person ----------------------------


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
            send_templated_email(
                to=[complaint.complainant_email],
                template="complaints/email/confidentiality_refused",
                context={"complaint": complaint, "reasons": reasons},
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


# --- The subject member ----------------------------------------------------------------


def subject_notify(*, complaint, actor, allegation_summary: str) -> SubjectNotice:
    """Tell the member of the complaint and invite their response; tell a parish member's clerk.

    The complainant is named only if their name is not withheld; the summary
    must not name them either when it is.
    """
    summary = allegation_summary.strip()
    if not summary:
        raise DomainError("Summarise the complaint for the member.")
    with transaction.atomic():
        complaint = _locked(complaint)
        member = complaint.subject_member
        if member is None:
            raise DomainError("Identify the member complained about before telling them.")
        if complaint.stage not in NOTICE_STAGES:
            raise DomainError("The member can be told of the complaint once it has been acknowledged.")
        if complaint.confidentiality == Complaint.Confidentiality.PENDING:
            raise DomainError(
                "The complainant asked for their name to be withheld. Decide on that request before "
                "telling the member."
            )
        if complaint.subject_notices.exists():
            raise DomainError("The member has already been told of this complaint.")
        if complaint.name_withheld:
            notices.refuse_if_names_complainant(complaint, summary, what="summary")
        sent_at = timezone.now()
        clerk = complaint.subject_authority.clerk_email if complaint.is_parish else ""
        notice = SubjectNotice.objects.create(
            complaint=complaint,
            member=member,
            complainant_named=not complaint.name_withheld,
            complainant_label=notices.complainant_label(complaint),
            allegation_summary=summary,
            sent_at=sent_at,
            sent_by=actor,
            sent_to=member.email,
            clerk_notified=clerk,
            respond_by=deadlines.response_due(sent_at),
        )
        context = {"complaint": complaint, "notice": notice, "member": member}
        if member.email:
            link = settings.SITE_URL + reverse("complaints:member_notice", args=[notice.pk])
            send_templated_email(
                to=[member.email],
                template="complaints/email/subject_notice",
                context={**context, "link": link if member.user_id else ""},
            )
        if clerk:
            send_templated_email(
                to=[clerk],
                template="complaints/email/clerk_notice",
                context={**context, "authority": complaint.subject_authority},
            )
        told = f"Sent to {member.email}" if member.email else "No email address held: sent by post"
        _event(
            complaint,
            actor=actor,
            kind=CaseEvent.Kind.NOTICE_SENT,
            note=(
                f"{told}; complainant {'named' if notice.complainant_named else 'not named'}; "
                f"response due by {notice.respond_by:%-d %B %Y}."
                + (f" Parish clerk told at {clerk}." if clerk else "")
            ),
        )
    return notice


def subject_response_record(*, notice, actor, response: str) -> SubjectNotice:
    """The member's response to the complaint, sent in the portal or recorded for them."""
    response = response.strip()
    if not response:
        raise DomainError("Write the response before sending it.")
    with transaction.atomic():
        complaint = _locked(notice.complaint)
        notice = SubjectNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.responded_at:
            raise DomainError("A response has already been recorded for this notice.")
        if complaint.stage not in OPEN_STAGES:
            raise DomainError("The complaint has been decided, so responses are closed.")
        notice.response = response
        notice.responded_at = timezone.now()
        notice.save(update_fields=["response", "responded_at"])
        late = notice.responded_at.date() > notice.respond_by
        _event(
            complaint,
            actor=actor,
            kind=CaseEvent.Kind.RESPONSE,
            note="Response received" + (" after the date asked for." if late else " in time."),
        )
    return notice


# --- Documents, sanctions, notices --------------------------------------------------------


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


# --- Records -----------------------------------------------------------------------------


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
    for document in CaseDocument.objects.filter(
        complaint__stage=Stage.UNCONFIRMED, complaint__submitted_at__lt=expired
    ):
        document.file.delete(save=False)
    Complaint.objects.filter(stage=Stage.UNCONFIRMED, submitted_at__lt=expired).delete()
    return count


def _ended_before(cutoff):
    """Cases not yet anonymised that were closed, or reached their outcome, before ``cutoff``."""
    reached = (
        CaseEvent.objects.filter(
            complaint=OuterRef("pk"), kind=CaseEvent.Kind.TRANSITION, to_stage=OuterRef("stage")
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
