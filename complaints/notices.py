"""Text made from a case: decision notices, and the guard that keeps a withheld name out of them."""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from complaints.stages import HEARING_OUTCOMES, Stage
from portal import roles
from portal.errors import DomainError

WITHHELD_LABEL = "the complainant (whose name has been withheld)"
PUBLIC_LABEL = "the complainant"
# Where the parties' copy of a decision notice names the complainant. The stored text keeps
# this slot, and the label is filled in each time the notice is shown or sent, from the
# confidentiality decision in force then (a name withheld later is never frozen into a notice).
COMPLAINANT_SLOT = "[[complainant]]"
# Honorifics are not part of what identifies a person.
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "cllr", "sir", "dame", "lady", "lord"}
# A UK postcode, e.g. "AB1 2CD".
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
# Runs of digits as people write phone numbers: "01632 960123", "+44 (0)1632-960 123".
DIGIT_RUN = re.compile(r"\+?[\d(][\d\s().-]{5,}\d")

DECISION_TITLES = {
    Stage.NO_FURTHER_ACTION: "Decision: no further action",
    Stage.INFORMAL_RESOLUTION: "Decision: informal resolution",
    Stage.INVESTIGATION: "Decision: the complaint will be investigated",
    Stage.POLICE_REFERRAL: "Decision: referred to the police",
    Stage.NO_BREACH: "Hearing decision: no breach of the Code of Conduct",
    Stage.BREACH: "Hearing decision: breach of the Code of Conduct",
}


def complainant_label(complaint, *, for_public=False) -> str:
    """How a notice refers to the complainant: by name only when the name is not withheld (now)."""
    if for_public or complaint.anonymised_at:
        return PUBLIC_LABEL
    if complaint.name_withheld:
        return WITHHELD_LABEL
    return complaint.complainant_name


def fill_complainant(complaint, text: str) -> str:
    """A stored notice text with the complainant's label as the confidentiality decision stands now."""
    return text.replace(COMPLAINANT_SLOT, complainant_label(complaint))


def _name_parts(name: str) -> list[str]:
    return [part for part in re.split(r"[\s.,]+", name) if part and part.lower() not in TITLES]


def identity_fragments(complaint) -> list[str]:
    """Pieces of text that would identify the complainant if they appeared in a notice.

    The whole name, each surname part, the email address, the first line of the address
    (with and without the house number) and the postcode. First names and phone numbers
    are matched separately (see ``mentions_complainant``).
    """
    fragments = []
    name = " ".join(complaint.complainant_name.split())
    if name:
        fragments.append(name)
        parts = _name_parts(name)
        fragments += [part for part in parts[1:] if len(part) >= 3]
    if complaint.complainant_email:
        fragments.append(complaint.complainant_email)
    address = complaint.complainant_address.strip()
    if address:
        first_line = " ".join(re.split(r"[,\n]", address, maxsplit=1)[0].split())
        street = re.sub(r"^(flat|apartment|unit)?\s*\d+[a-z]?\s*,?\s*", "", first_line, flags=re.IGNORECASE)
        fragments += [line for line in {first_line, street} if len(line) >= 4]
        fragments += [" ".join(code.upper().split()) for code in POSTCODE.findall(address)]
    return fragments


def _first_names(complaint) -> list[str]:
    parts = _name_parts(" ".join(complaint.complainant_name.split()))
    return [parts[0]] if len(parts) > 1 and len(parts[0]) >= 2 else []


def _phone_digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if digits.startswith("440"):
        digits = digits[2:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def mentions_complainant(complaint, text: str) -> bool:
    """Whether ``text`` names or points at the complainant.

    Names, surnames, the email address and the address match in any case. A first name
    matches as it is written (Beatrix, BEATRIX): common words are first names too ("Will",
    "Grace"). A phone number matches however it is spaced or prefixed.
    """
    if not text:
        return False
    for fragment in identity_fragments(complaint):
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in fragment.split()) + r"(?!\w)"
        if re.search(pattern, text, flags=re.IGNORECASE):
            return True
    for first in _first_names(complaint):
        for form in {first, first.capitalize(), first.upper()}:
            if re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
                return True
    phone = _phone_digits(complaint.complainant_phone)
    if len(phone) >= 6:
        return any(phone in _phone_digits(run) for run in DIGIT_RUN.findall(text))
    return False


def may_show_member(notice) -> bool:
    """Whether the member (or a clerk) may read this decision notice as it would be shown now.

    A notice whose text would identify a withheld complainant is held back (a notice made
    before the rules above, or by hand), whatever else the page or the email would show.
    """
    complaint = notice.complaint
    return not complaint.name_withheld or not mentions_complainant(complaint, notice.for_parties)


def refuse_if_names_complainant(complaint, text: str, *, what: str) -> None:
    """Stop text that names the complainant from reaching the member, a clerk or the public."""
    if mentions_complainant(complaint, text):
        raise DomainError(
            f"The {what} mentions the complainant by name or email address (or by their phone "
            "number or address). Refer to them as “the complainant”: this text goes to the member "
            "and may be published."
        )


def signatory(user) -> tuple[str, str]:
    """The name and title a decision notice is signed with: the officer who decided."""
    if user is None:
        return "", roles.MONITORING_OFFICER
    is_deputy = user.groups.filter(name=roles.DEPUTY_MONITORING_OFFICER).exists()
    return user.get_full_name(), roles.DEPUTY_MONITORING_OFFICER if is_deputy else roles.MONITORING_OFFICER


def render_decision(
    complaint,
    *,
    decision,
    reasons,
    sanctions=(),
    ip_views=(),
    for_public=False,
    decided_on=None,
    decided_by=None,
) -> str:
    decided_on = decided_on or timezone.localdate()
    signed_name, signed_title = signatory(decided_by)
    context = {
        "complaint": complaint,
        "decision": decision,
        "decision_label": Stage(decision).label,
        "is_hearing": decision in HEARING_OUTCOMES,
        "reasons": reasons,
        "sanctions": sanctions,
        # Only a consultation on or before the decision can have informed it.
        "ip_consulted_on": sorted(
            {view.consulted_on for view in ip_views if view.consulted_on <= decided_on}
        ),
        "complainant": PUBLIC_LABEL if for_public else COMPLAINANT_SLOT,
        "member": complaint.subject_member.display_name if complaint.subject_member_id else "the member",
        "authority": complaint.subject_authority.name if complaint.subject_authority_id else "",
        "is_parish": complaint.is_parish,
        "today": decided_on,
        "signed_name": signed_name,
        "signed_title": signed_title,
        "council_name": settings.COUNCIL_NAME,
    }
    # The parties' copy keeps COMPLAINANT_SLOT: fill_complainant() names them (or not) when shown.
    return render_to_string("complaints/notices/decision.txt", context).strip() + "\n"


def preview_decision(complaint, *, decision, reasons, sanctions=(), decided_by=None) -> str:
    """The notice a decision would send, for the officer to read before sending it.

    ``sanctions`` are the dicts the move form gives; nothing is saved.
    """
    from complaints.models import Sanction  # models import this module

    drafts = [
        Sanction(kind=item["kind"], details=item.get("details", ""), due_on=item.get("due_on"))
        for item in sanctions
        if item
    ]
    return fill_complainant(
        complaint,
        render_decision(
            complaint,
            decision=decision,
            reasons=reasons,
            sanctions=drafts,
            ip_views=list(complaint.ip_views.all()),
            decided_by=decided_by,
        ),
    )
