"""Demo guidance for ``seed_demo``: six documents with sign-off records, versions,
acknowledgements, a checklist, a review and one review overdue.

Keyed on slugs and version numbers, so running it again adds nothing.
"""

import datetime
import random

from django.db.models import Q

from guidance import selectors, services
from guidance.demo_content import DOCUMENTS
from guidance.models import (
    Acknowledgement,
    ChecklistItem,
    ChecklistTick,
    Circulation,
    CommitteeNoting,
    Consultation,
    Document,
    ImpactAssessment,
    Review,
    SignOff,
)
from portal.models import Committee, Member, User

MORGAN = "cllr.ward@example.org"
AISHA = "cllr.new@example.org"
SUPPORT = "support@example.org"
MO = "mo@example.org"
# Morgan Hale has read these (by slug: version number); Aisha Rahman, newly elected, has read nothing.
MORGAN_READ = {
    "social-media-guide": 1,  # so the material version 2 asks Morgan to read it again
    "code-of-conduct-summary": 1,  # a minor version 2 followed: still up to date
    "seven-principles-of-public-life": 1,
    "planning-predetermination": 1,
}
# Share of the other councillors who have acknowledged each document's current version.
READ_SHARE = 0.6


def seed(command) -> list[str]:
    today, now = command.today, command.now
    rng = random.Random(1995)  # its own generator, so a second run picks the same people
    district = Member.objects.filter(email=MORGAN).values_list("authority_id", flat=True).first()
    committees = {c.slug: c for c in Committee.objects.filter(authority_id=district)}
    officers = {u.email: u for u in User.objects.filter(email__in=[SUPPORT, MO])}
    support = officers.get(SUPPORT)
    published = 0
    for spec in DOCUMENTS:
        document, _ = Document.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "summary": spec["summary"],
                "category": spec["category"],
                "owning_team": spec["owning_team"],
                "audience": spec["audience"],
                "committee": committees.get(spec.get("committee")),
            },
        )
        for number, version in enumerate(spec["versions"], start=1):
            if document.versions.filter(number=number).exists():
                continue
            day = today - datetime.timedelta(days=version["days_ago"])
            document.draft_body = version["body"]
            document.save(update_fields=["draft_body", "updated_at"])
            _sign_off(document, spec["sign_off"], day, committees)
            made = services.document_publish(
                document=document,
                actor=support,
                change_note=version["note"],
                material=version["material"],
                notify=False,
                today=day,
                published_at=datetime.datetime.combine(day, datetime.time(10, 30), tzinfo=now.tzinfo),
            )
            published += 1
            document.current_version = made
        for position, (text, help_text) in enumerate(spec.get("checklist", []), start=1):
            ChecklistItem.objects.get_or_create(
                document=document, position=position, defaults={"text": text, "help_text": help_text}
            )
        if "review" in spec and not Review.objects.filter(document=document).exists():
            services.document_record_review(
                document=document,
                actor=officers.get(MO),
                note=spec["review"]["note"],
                reviewed_on=today - datetime.timedelta(days=spec["review"]["days_ago"]),
            )
    acknowledgements = _acknowledge(rng, now)
    ticks = _tick_checklist()
    overdue = Document.objects.published().filter(next_review_on__lt=today).count()
    return [
        f"Guidance: {Document.objects.published().count()} documents published "
        f"({published} new versions this run), {acknowledgements} acknowledgements added, "
        f"{ticks} checklist ticks, {overdue} review(s) overdue."
    ]


def _acknowledge(rng, now) -> int:
    created = 0
    members = list(
        Member.objects.current()
        .filter(authority__parent__isnull=True)
        .exclude(email__in=[AISHA])
        .order_by("pk")
    )
    by_email = {m.email: m for m in members}
    for document in Document.objects.published().select_related("current_version").order_by("slug"):
        audience = set(selectors.audience_members(document).values_list("pk", flat=True))
        morgan = by_email.get(MORGAN)
        if morgan and document.slug in MORGAN_READ:
            version = document.versions.get(number=MORGAN_READ[document.slug])
            created += _ack(morgan, document, version, version.published_at + datetime.timedelta(days=3))
        for member in members:
            if member.email == MORGAN or member.pk not in audience or rng.random() > READ_SHARE:
                continue
            version = document.current_version
            days = rng.randint(1, 30)
            created += _ack(member, document, version, version.published_at + datetime.timedelta(days=days))
    return created


def _ack(member, document, version, when) -> int:
    _, made = Acknowledgement.objects.get_or_create(
        member=member, version=version, defaults={"document": document, "acknowledged_at": when}
    )
    return int(made)


def _tick_checklist() -> int:
    morgan = Member.objects.filter(email=MORGAN).first()
    items = list(
        ChecklistItem.objects.filter(document__slug="social-media-checklist").order_by("position")[:5]
    )
    created = 0
    for item in items if morgan else []:
        created += int(ChecklistTick.objects.get_or_create(member=morgan, item=item)[1])
    others = (
        Member.objects.current()
        .filter(authority__parent__isnull=True)
        .exclude(Q(email=MORGAN) | Q(email=AISHA))
    )
    for index, member in enumerate(others.order_by("pk")[:12]):
        for item in items[: (index % 4) + 1]:
            created += int(ChecklistTick.objects.get_or_create(member=member, item=item)[1])
    return created


def _days(day, n):
    return day - datetime.timedelta(days=n)


def _sign_off(document, kind, day, committees):
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
