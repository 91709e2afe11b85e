"""One step of a demo case, taken through the complaints services.

A step is a stage to move to (``Stage.ACKNOWLEDGED``) or a tuple naming what
an officer does: decide confidentiality, notify the member, assign the
Independent Person, save the assessment, record a view, pause, record the
member's response, decide (with reasons and sanctions), update sanctions.
"""

from django.utils import timezone

from complaints import services
from complaints.stages import DECISIONS, Stage
from portal.workdays import add_working_days

ASSESSED_YES = {
    "subject_is_member": "yes",
    "within_time_limit": "yes",
    "acting_in_capacity": "yes",
    "covered_by_code": "yes",
}


def assessed(capacity_reasons: str, *, notify: str = "", assign: bool = False, **answers) -> list:
    """The steps most cases start with, up to a recorded initial assessment.

    Acknowledge; tell the member (with this allegation) if ``notify``; start the
    assessment; ask the Independent Person if ``assign``; record the assessment, all
    "yes" unless ``answers`` say otherwise, with why the member was acting as one.
    """
    steps = [Stage.ACKNOWLEDGED]
    if notify:
        steps.append(("notify", notify))
    steps.append(Stage.INITIAL_ASSESSMENT)
    if assign:
        steps.append(("assign",))
    steps.append(("assess", {"capacity_reasons": capacity_reasons, **answers}))
    return steps


def take(complaint, step, *, actor, ip):
    """Take one step of a case through the service that makes it."""
    if isinstance(step, str):
        services.complaint_move(complaint=complaint, target=step, actor=actor)
        return
    kind, *rest = step
    if kind == "confidentiality":
        services.confidentiality_decide(complaint=complaint, actor=actor, granted=rest[0], reasons=rest[1])
    elif kind == "notify":
        services.subject_notify(complaint=complaint, actor=actor, allegation_summary=rest[0])
    elif kind == "assign" and ip is not None:
        services.ip_assign(complaint=complaint, independent_person=ip, actor=actor)
    elif kind == "assess":
        answers = {**ASSESSED_YES, "code_paragraphs": complaint.code_paragraphs, **rest[0]}
        answers["nolan_principles"] = complaint.nolan_principles
        services.assessment_save(complaint=complaint, actor=actor, **answers)
    elif kind == "ip_view" and ip is not None:
        services.ip_view_record(complaint=complaint, independent_person=ip, view=rest[0], actor=ip)
    elif kind == "pause":
        services.complaint_pause(complaint=complaint, actor=actor, reason=rest[0])
    elif kind == "response":
        notice = complaint.subject_notices.first()
        services.subject_response_record(notice=notice, actor=actor, response=rest[0])
    elif kind == "sanction_done":
        for sanction in complaint.sanctions.filter(kind="censure"):
            services.sanction_update(
                sanction=sanction,
                actor=actor,
                compliance="done",
                complied_on=timezone.localdate(),
                compliance_notes="Censure moved at full Council.",
            )
    elif kind == "parish_acted":
        for sanction in complaint.sanctions.all():
            services.sanction_update(sanction=sanction, actor=actor, parish_action="acted")
    elif kind in DECISIONS or kind in (
        Stage.REVIEW,
        Stage.REPORT,
        Stage.HEARING,
        Stage.WITHDRAWN,
        Stage.CLOSED,
    ):
        _decide(complaint, kind, rest, actor=actor)


def _decide(complaint, target, rest, *, actor):
    reasons = rest[0]
    sanctions = ()
    hearing_on = None
    if target == Stage.BREACH:
        sanctions = rest[1] if len(rest) > 1 else _breach_sanctions(complaint)
    if target == Stage.HEARING and len(rest) > 1:
        hearing_on = add_working_days(timezone.localdate(), rest[1])
    services.complaint_move(
        complaint=complaint,
        target=target,
        actor=actor,
        reasons=reasons,
        sanctions=sanctions,
        hearing_on=hearing_on,
    )


def _breach_sanctions(complaint):
    from training.models import Course

    course = (
        Course.objects.filter(title__icontains="social media").order_by("title").first()
        or Course.objects.filter(title__icontains="code of conduct").order_by("title").first()
    )
    return [
        {"kind": "censure", "details": "Formal censure, to be moved at the next meeting of full Council."},
        {
            "kind": "training",
            "details": "Social media training within three months.",
            "course": course,
            "due_on": add_working_days(timezone.localdate(), 60),
        },
        {"kind": "publish_findings", "details": "Publish this decision on the council's website."},
    ]
