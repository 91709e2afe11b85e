"""Ask the Monitoring Officer: who may ask, who may answer, who may read the FAQ.

Questions are confidential between the member who asks and the Monitoring
Officer's team. Member Support, the Steering Group and the Independent Person
get nothing that shows a question; Member Support may read the published FAQ.
"""

from portal import roles

_OFFICER = [
    "advice.answer_question",
    "advice.view_question",
    "advice.view_faq",
    "advice.view_faqentry",
    "advice.add_faqentry",
    "advice.change_faqentry",
    "advice.delete_faqentry",
]
_MEMBER = ["advice.ask_question", "advice.view_faq"]

# Reads members' confidential questions (see portal.roles.casework_permissions).
CASEWORK_PERMISSIONS = ["advice.answer_question", "advice.view_question"]

ROLE_PERMISSIONS = {
    roles.COUNCILLOR: _MEMBER,
    roles.CO_OPTED_MEMBER: _MEMBER,
    roles.MONITORING_OFFICER: _OFFICER,
    roles.DEPUTY_MONITORING_OFFICER: _OFFICER,
    roles.MEMBER_SUPPORT_OFFICER: ["advice.view_faq"],
}

CUSTOM_PERMISSIONS = {
    "advice.ask_question": ("question", "Can ask the Monitoring Officer a question"),
    "advice.answer_question": ("question", "Can read and answer members' questions"),
    "advice.view_faq": ("faqentry", "Can read the Monitoring Officer's FAQ"),
}
