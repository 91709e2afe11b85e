"""The subject member."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaints import deadlines, notices
from complaints.models import (
    CaseEvent,
    Complaint,
    SubjectNotice,
)
from complaints.services.base import NOTICE_STAGES, _event, _locked
from complaints.stages import (
    OPEN_STAGES,
)
from portal.emails import send_templated_email
from portal.errors import DomainError


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
