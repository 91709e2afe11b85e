"""The back office: people, committees, roles and the audit trail.

Admin actions and extra views are thin: they call portal.services or
portal.imports and turn a DomainError into a message.
"""

# Split by concern; callers keep importing from here.
from portal.admin.audit import (
    AuditEventAdmin,
    ScheduledJobAdmin,
)
from portal.admin.base import (
    LOCKED_FOR_OTHERS,
    AuthorityAdmin,
    CommitteeAdmin,
    CommitteeMembershipAdmin,
    CommitteeMembershipInline,
    MembershipOnCommitteeInline,
    MembershipOnMemberInline,
    grantable_group_ids,
)
from portal.admin.members import (
    HasLoginFilter,
    MemberAdmin,
)
from portal.admin.tasks import (
    TaskAdmin,
)
from portal.admin.users import (
    RoleAdmin,
    UserAdmin,
)

__all__ = [
    "AuditEventAdmin",
    "ScheduledJobAdmin",
    "AuthorityAdmin",
    "CommitteeAdmin",
    "CommitteeMembershipAdmin",
    "CommitteeMembershipInline",
    "LOCKED_FOR_OTHERS",
    "MembershipOnCommitteeInline",
    "MembershipOnMemberInline",
    "grantable_group_ids",
    "HasLoginFilter",
    "MemberAdmin",
    "TaskAdmin",
    "RoleAdmin",
    "UserAdmin",
]
