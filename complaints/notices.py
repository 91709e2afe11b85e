"""Text made from a case: decision notices, and the guard that keeps a withheld name out of them."""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from complaints.stages import HEARING_OUTCOMES, Stage
from portal.errors import DomainError

WITHHELD_LABEL = "the complainant (whose name has been withheld)"
PUBLIC_LABEL = "the complainant"

DECISION_TITLES = {
    Stage.NO_FURTHER_ACTION: "Decision: no further action",
    Stage.INFORMAL_RESOLUTION: "Decision: informal resolution",
    Stage.INVESTIGATION: "Decision: the complaint will be investigated",
    Stage.POLICE_REFERRAL: "Decision: referred to the police",
    Stage.NO_BREACH: "Hearing decision: no breach of the Code of Conduct",
    Stage.BREACH: "Hearing decision: breach of the Code of Conduct",
}


def complainant_label(complaint, *, for_public=False) -> str:
    """How a notice refers to the complainant: by name only when the name is not withheld."""
    if for_public:
        return PUBLIC_LABEL
    if complaint.name_withheld:
        return WITHHELD_LABEL
    return complaint.complainant_name


def identity_fragments(complaint) -> list[str]:
    """Pieces of text that would identify the complainant if they appeared in a notice."""
    fragments = []
    name = " ".join(complaint.complainant_name.split())
    if name:
        fragments.append(name)
        last = name.rsplit(" ", 1)[-1]
        if len(last) >= 4 and last != name:
            fragments.append(last)
    if complaint.complainant_email:
        fragments.append(complaint.complainant_email)
    return fragments


def mentions_complainant(complaint, text: str) -> bool:
    for fragment in identity_fragments(complaint):
        if re.search(r"(?<!\w)" + re.escape(fragment) + r"(?!\w)", text, flags=re.IGNORECASE):
            return True
    return False


def refuse_if_names_complainant(complaint, text: str, *, what: str) -> None:
    """Stop text that names the complainant from reaching the member, a clerk or the public."""
    if mentions_complainant(complaint, text):
        raise DomainError(
            f"The {what} mentions the complainant by name or email address. Refer to them as "
            "“the complainant”: this text goes to the member and may be published."
        )


def render_decision(
    complaint, *, decision, reasons, sanctions=(), ip_views=(), for_public=False, decided_on=None
) -> str:
    context = {
        "complaint": complaint,
        "decision": decision,
        "decision_label": Stage(decision).label,
        "is_hearing": decision in HEARING_OUTCOMES,
        "reasons": reasons,
        "sanctions": sanctions,
        "ip_consulted_on": sorted({view.consulted_on for view in ip_views}),
        "complainant": complainant_label(complaint, for_public=for_public),
        "member": complaint.subject_member.display_name if complaint.subject_member_id else "the member",
        "authority": complaint.subject_authority.name if complaint.subject_authority_id else "",
        "is_parish": complaint.is_parish,
        "today": decided_on or timezone.localdate(),
        "council_name": settings.COUNCIL_NAME,
    }
    return render_to_string("complaints/notices/decision.txt", context).strip() + "\n"
