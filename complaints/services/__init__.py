"""Every write to a complaint. Views, admin actions and commands call these; nothing else saves.

Each service has one shape: lock the case row, check the move is allowed
(raising DomainError with a message for the person), write the change with
``update_fields``, write a CaseEvent row, and queue emails to go when the
transaction commits.
"""

# Split by concern; callers keep importing from here.
from complaints.services.assessment import (
    assessment_save,
    confidentiality_decide,
    ip_assign,
    ip_view_record,
)
from complaints.services.base import (
    ANONYMISED,
    ASSESSMENT_STAGES,
    CONFIRMATION_DAYS,
    NOTICE_STAGES,
    REASONS_REQUIRED,
    SANCTION_REASON,
    SANCTION_REASON_ANONYMISED,
    Submission,
    _event,
    _locked,
    reference_prefix,
)
from complaints.services.clocks import (
    complaint_pause,
    complaint_resume,
)
from complaints.services.documents import (
    _publish,
    document_add,
    notice_publish,
    sanction_add,
    sanction_update,
)
from complaints.services.intake import (
    _next_reference,
    complaint_confirm,
    complaint_record,
    complaint_resend_confirmation,
    complaint_submit,
    status_link,
)
from complaints.services.moves import (
    complaint_move,
    complaint_move_check,
    complaint_withdraw_by_complainant,
)
from complaints.services.records import (
    access_record,
    access_record_listed,
    anonymise_closed_complaints,
)
from complaints.services.subject_member import (
    subject_notify,
    subject_response_record,
)

__all__ = [
    "assessment_save",
    "confidentiality_decide",
    "ip_assign",
    "ip_view_record",
    "ANONYMISED",
    "ASSESSMENT_STAGES",
    "CONFIRMATION_DAYS",
    "NOTICE_STAGES",
    "REASONS_REQUIRED",
    "SANCTION_REASON",
    "SANCTION_REASON_ANONYMISED",
    "Submission",
    "_event",
    "_locked",
    "reference_prefix",
    "complaint_pause",
    "complaint_resume",
    "_publish",
    "document_add",
    "notice_publish",
    "sanction_add",
    "sanction_update",
    "_next_reference",
    "complaint_confirm",
    "complaint_record",
    "complaint_resend_confirmation",
    "complaint_submit",
    "status_link",
    "complaint_move",
    "complaint_move_check",
    "complaint_withdraw_by_complainant",
    "access_record",
    "access_record_listed",
    "anonymise_closed_complaints",
    "subject_notify",
    "subject_response_record",
]
