"""Every write to a complaint. Views, admin actions and commands call these; nothing else saves.."""

from dataclasses import dataclass

from django.conf import settings

from complaints.models import CaseEvent, Complaint
from complaints.stages import (
    DECISIONS,
    Stage,
)
from portal.emails import send_templated_email

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


def _locked(complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("subject_member__authority", "subject_authority")
        .get(pk=complaint.pk)
    )


def _event(complaint, **fields) -> CaseEvent:
    return CaseEvent.record(complaint=complaint, **fields)


def tell_complainant(complaint, *, template: str, context: dict, what: str) -> None:
    """Email the complainant; without an email address on file, mark the letter for the post.

    A complaint recorded from a letter or a phone call may have no email address. Then
    nothing is sent: the case history gets a row saying what to send, and how (by post to
    the address given, or by phone if there is only a number), for the officer to do.
    """
    if complaint.complainant_email:
        send_templated_email(to=[complaint.complainant_email], template=template, context=context)
        return
    how = "post it to the address given" if complaint.complainant_address.strip() else "phone them"
    _event(
        complaint,
        actor=None,
        kind=CaseEvent.Kind.BY_POST,
        note=f"The complainant has no email address: send them {what} ({how}).",
    )
