"""The sign-off tracking table for a demo version: who signed it off, noted it, was sent it, was consulted.

These are records the officers keep by hand in the admin (no workflow moves
through them), so they are made directly, just before the version they
belong to is published: publishing attaches them to it.
"""

import datetime

from guidance.models import Circulation, CommitteeNoting, Consultation, ImpactAssessment, SignOff


def _days(day, n):
    return day - datetime.timedelta(days=n)


def sign_off(document, kind, day, committees):
    """The tracking table for the version about to be published on ``day``."""
    standards = committees.get("standards")
    signers = [("Monitoring Officer", 12, 10), ("Corporate Management Team", 12, 8)]
    circulation = [
        ("Leader of the Council", 7),
        ("Chair of the Standards Committee", 7),
        ("Group leaders", 6),
        ("Human Resources Lead Specialist", None),
        ("Portfolio Holder", 7),
        ("Ward councillors", None),
    ]
    consultations = []
    impact = [
        (
            ImpactAssessment.Kind.EQUALITY,
            True,
            "Neutral for every protected characteristic. Positive for rural residents and people on low "
            "incomes, who find it easier to reach their councillor online than in person.",
        ),
        (
            ImpactAssessment.Kind.HEALTH_SUSTAINABILITY,
            False,
            "Not carried out: guidance for members has no direct effect on the environment, housing or "
            "the economy.",
        ),
    ]
    match kind:
        case "social_media":
            consultations = [
                (
                    "Legal, Governance and Democracy Lead Specialist",
                    "Consulted on the parts about the Code of Conduct, libel and copyright; wording agreed.",
                ),
                ("Member Support Steering Group", "Asked for the guide after the social media training."),
            ]
        case "code":
            consultations = [
                ("Independent Person", "Commented on the summary of the complaints process."),
                ("Group leaders", "No comments received."),
            ]
        case "nolan":
            consultations = [("Standards Committee", "Agreed the text as a summary of the principles.")]
        case "checklist":
            consultations = [("Communications Team", "Drawn from the LGA's checklist for councillors.")]
        case "legal":
            consultations = [
                (
                    "Legal Services",
                    "Reviewed the descriptions of defamation, copyright, data protection and harassment law.",
                ),
                ("Data Protection Officer", "Confirmed the data protection section."),
            ]
        case "planning":
            consultations = [("Head of Planning", "Agreed the advice on site visits and lobbying.")]
            circulation = [("Planning Committee members and substitutes", 5), ("Head of Planning", 7)]
    for signer, sent, signed in signers:
        SignOff.objects.create(
            document=document,
            signed_off_by=signer,
            date_sent=_days(day, sent),
            date_signed_off=_days(day, signed),
        )
    if standards:
        CommitteeNoting.objects.create(
            document=document,
            committee=standards,
            meeting_date=_days(day, -14),
            outcome="Noted",
            minute_reference=f"SC/{day.year % 100}/{10 + len(document.slug) % 20}",
        )
    for recipient, sent in circulation:
        Circulation.objects.create(
            document=document, recipient=recipient, date_sent=_days(day, sent) if sent is not None else None
        )
    for consultee, notes in consultations:
        Consultation.objects.create(document=document, consultee=consultee, notes=notes)
    for kind_value, completed, summary in impact:
        ImpactAssessment.objects.create(
            document=document, kind=kind_value, completed=completed, summary=summary
        )
