"""Demo complaints: every stage, district and parish, told in the Code of Conduct's own terms.

Each case is lodged, confirmed and taken through its steps by the real
services (so it has the events, notices and decision notices a real case
would), with emails switched off; then ``backdate`` spreads its timestamps
over the weeks it would really have taken. Cases are keyed on their form token
(a UUID made from a fixed name), so a second run adds nothing. Everyone is
fictional; addresses are at example.org/.net.
"""

import datetime
import uuid

from django.db.models import Q

from complaints import services
from complaints.models import Complaint
from portal.demo import emails_off
from portal.models import Member, User

from .backdate import backdate
from .cases import EARLY_CASES
from .later_cases import LATER_CASES
from .steps import take

NAMESPACE = uuid.UUID("6f1d2c1e-8a4b-4d8e-9a51-0c7d3b2f9e10")
MO = "mo@example.org"
DEPUTY = "deputy.mo@example.org"
IP = "ip@example.org"
CASES = EARLY_CASES + LATER_CASES


def seed(command) -> list[str]:
    people = {
        user.email: user for user in User.objects.filter(email__in=[MO, DEPUTY, IP, "support@example.org"])
    }
    mo = people.get(MO)
    if mo is None:
        return ["Standards complaints: skipped (no Monitoring Officer login)."]
    tokens = [_token(case.key) for case in CASES]
    existing = set(Complaint.objects.filter(form_token__in=tokens).values_list("form_token", flat=True))
    made = 0
    with emails_off():
        for case in CASES:
            if _token(case.key) in existing:
                continue
            _make(case, command=command, people=people, mo=mo)
            made += 1
    total = Complaint.objects.filter(form_token__in=tokens)
    overdue = total.overdue(command.today).count()
    published = total.filter(decision_notices__published_at__isnull=False).distinct().count()
    return [
        f"Standards complaints: {total.count()} demo cases at every stage ({made} new), {overdue} overdue, "
        f"{published} hearing decisions on the public register; Hugh Barrow consulted on some"
    ]


def _token(key) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


def _member(external_id) -> Member | None:
    if not external_id:
        return None
    if "@" in external_id:
        return Member.objects.filter(user__email=external_id).select_related("authority").first()
    slug = external_id.rsplit("-", 1)[0].lower()
    return (
        Member.objects.filter(external_id=external_id)
        .filter(Q(authority__slug="fellbridge") | Q(authority__slug=slug))
        .select_related("authority")
        .first()
    )


def _make(case, *, command, people, mo):
    """Lodge the complaint (confirming it as the complainant would), then take its steps."""
    member = _member(case.member)
    details = {
        "complainant_name": case.complainant[0],
        "complainant_email": case.complainant[1],
        "subject_member": member,
        "subject_description": "" if member else case.description,
        "what_happened": case.what,
        "incident_date": command.today - datetime.timedelta(days=case.received_days_ago + 4),
        "incident_place": case.place,
        "incident_link": case.link,
        "code_paragraphs": case.code,
        "nolan_principles": case.nolan,
        "outcome_sought": case.outcome_sought,
        "confidentiality_requested": bool(case.confidential),
        "confidentiality_reasons": case.confidential,
    }
    if case.received_via:
        # A letter (or call) the Monitoring Officer typed in: no email to confirm.
        submission = services.complaint_record(
            form_token=_token(case.key),
            details={**details, "complainant_address": case.complainant_address},
            received_via=case.received_via,
            received_on=command.today - datetime.timedelta(days=case.received_days_ago),
            actor=mo,
        )
    else:
        lodger = people.get(case.lodged_by)
        submission = services.complaint_submit(form_token=_token(case.key), details=details, user=lodger)
        if lodger is None:
            services.complaint_confirm(token=submission.confirmation_token)
    complaint = submission.complaint
    actor = people.get(DEPUTY) if case.key.startswith("nfa") else mo
    ip = people.get(IP)
    for step in case.steps:
        complaint = Complaint.objects.get(pk=complaint.pk)
        take(complaint, step, actor=actor, ip=ip)
    backdate(Complaint.objects.get(pk=complaint.pk), case, today=command.today)
