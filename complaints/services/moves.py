"""Moving a case through the process."""

from django.db import transaction
from django.utils import timezone

from complaints import deadlines, notices
from complaints.models import (
    Assessment,
    CaseEvent,
    Complaint,
    DecisionNotice,
    token_digest,
)
from complaints.services.base import REASONS_REQUIRED, _event, _locked, tell_complainant
from complaints.services.clocks import _resume
from complaints.services.documents import _publish, _sanction_create
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


def complaint_move_check(*, complaint, target: str, reasons: str = "", sanctions=()) -> None:
    """Raise the DomainError complaint_move would, without changing anything (for a preview)."""
    complaint_workflow().check(complaint.stage, target)
    _check_move(complaint, complaint.stage, target, reasons=(reasons or "").strip(), sanctions=sanctions)


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
    if target in DECISIONS and complaint.ip_views.filter(consulted_on__gt=timezone.localdate()).exists():
        raise DomainError(
            "An Independent Person's view is dated after today: a consultation cannot postdate the "
            "decision it informs. Correct the date of the view first."
        )
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
        tell_complainant(
            complaint,
            template="complaints/email/acknowledgement",
            context={
                "complaint": complaint,
                "assessment_due_on": complaint.assessment_due_on,
                "name_withheld_requested": complaint.confidentiality_requested,
            },
            what="the acknowledgement, with the date the initial assessment is due",
        )
    elif target == Stage.WITHDRAWN:
        tell_complainant(
            complaint,
            template="complaints/email/withdrawn",
            context={"complaint": complaint},
            what="confirmation that the complaint is withdrawn",
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
    kwargs = {
        "decision": decision,
        "reasons": reasons,
        "sanctions": sanctions,
        "ip_views": ip_views,
        "decided_by": actor,
    }
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
    tell_complainant(
        complaint,
        template="complaints/email/decision_complainant",
        context=context,
        what=f"the decision notice ({notice.title}), printed from the case page",
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
