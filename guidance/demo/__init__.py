"""Demo guidance for ``seed_demo``: six documents with sign-off records, versions,
acknowledgements, a checklist, a review and one review overdue.

Member Support drafts and publishes each version, members acknowledge the
version that was current when they read it and tick the checklist, and the
Monitoring Officer records a review, all through the guidance services
(``document_publish`` takes the day it happened; ``_backdate`` moves the other
stamps). The documents' text is in ``content``. Keyed on slugs and version
numbers, so running it again adds nothing.
"""

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from guidance import selectors, services
from guidance.models import Acknowledgement, ChecklistItem, ChecklistTick, Document, DocumentEvent, Review
from portal.demo import emails_off
from portal.models import Committee, Member, User

from .content import DOCUMENTS
from .sign_off import sign_off

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
    readers = list(
        Member.objects.current()
        .filter(authority__parent__isnull=True)
        .exclude(email__in=[AISHA])
        .order_by("pk")
    )
    published = acknowledgements = 0
    fresh = []  # documents whose latest version is published in this run
    with emails_off():
        for spec in DOCUMENTS:
            document = _document(spec, committees, actor=officers.get(SUPPORT))
            for number, version in enumerate(spec["versions"], start=1):
                if document.versions.filter(number=number).exists():
                    continue
                made = _publish(document, spec, version, committees, actor=officers.get(SUPPORT), now=now)
                published += 1
                acknowledgements += _morgan_reads(made, readers, now=now)
                if number == len(spec["versions"]):
                    fresh.append(document.pk)
            for position, (text, help_text) in enumerate(spec.get("checklist", []), start=1):
                ChecklistItem.objects.get_or_create(
                    document=document, position=position, defaults={"text": text, "help_text": help_text}
                )
            if "review" in spec and not Review.objects.filter(document=document).exists():
                reviewed_on = today - datetime.timedelta(days=spec["review"]["days_ago"])
                meeting = spec["review"].get("meeting", {})
                since = timezone.now()
                services.document_record_review(
                    document=document,
                    actor=officers.get(MO),
                    note=spec["review"]["note"],
                    reviewed_on=reviewed_on,
                    meeting_on=today - datetime.timedelta(days=meeting["days_ago"]) if meeting else None,
                    minute_reference=meeting.get("minute", ""),
                    meeting_outcome=meeting.get("outcome", ""),
                )
                _backdate(since, _at(reviewed_on, 11, now))
        for document in (
            Document.objects.filter(pk__in=fresh).select_related("current_version").order_by("slug")
        ):
            acknowledgements += _others_read(document.current_version, readers, rng, now=now)
        ticks = _tick_checklist()
    overdue = Document.objects.published().filter(next_review_on__lt=today).count()
    return [
        f"Guidance: {Document.objects.published().count()} documents published "
        f"({published} new versions this run), {acknowledgements} acknowledgements added, "
        f"{ticks} checklist ticks, {overdue} review(s) overdue."
    ]


def _at(day, hour, now, minute=0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=now.tzinfo)


def _backdate(since, to) -> datetime.datetime:
    """Move what the last service call stamped (at or after ``since``) back to ``to``.

    Queryset updates of timestamp fields only; returns the next ``since``.
    """
    DocumentEvent.objects.filter(created_at__gte=since).update(created_at=to)
    Review.objects.filter(created_at__gte=since).update(created_at=to)
    Acknowledgement.objects.filter(acknowledged_at__gte=since).update(acknowledged_at=to)
    ChecklistTick.objects.filter(ticked_at__gte=since).update(ticked_at=to)
    return timezone.now()


def _document(spec, committees, *, actor) -> Document:
    document = Document.objects.filter(slug=spec["slug"]).first()
    if document is None:
        document = services.document_save(
            document=Document(
                slug=spec["slug"],
                title=spec["title"],
                summary=spec["summary"],
                category=spec["category"],
                owning_team=spec["owning_team"],
                audience=spec["audience"],
                committee=committees.get(spec.get("committee")),
            ),
            actor=actor,
        )
    return document


def _publish(document, spec, version, committees, *, actor, now):
    """Draft the version's text, record its sign-off, and publish it on its day."""
    day = now.date() - datetime.timedelta(days=version["days_ago"])
    published_at = _at(day, 10, now, 30)
    since = timezone.now()
    document = Document.objects.get(pk=document.pk)  # the service saves the whole row: start fresh
    document.draft_body = version["body"]
    services.document_save(document=document, actor=actor, changed=["draft text"])
    sign_off(document, spec["sign_off"], day, committees)
    made = services.document_publish(
        document=document,
        actor=actor,
        change_note=version["note"],
        material=version["material"],
        notify=False,
        today=day,
        published_at=published_at,
    )
    _backdate(since, published_at)
    return made


def _morgan_reads(version, readers, *, now) -> int:
    """Morgan Hale read the versions in MORGAN_READ three days after each was published."""
    morgan = next((member for member in readers if member.email == MORGAN), None)
    if morgan is None or MORGAN_READ.get(version.document.slug) != version.number:
        return 0
    _acknowledge(version, morgan, version.published_at + datetime.timedelta(days=3), now=now)
    return 1


def _others_read(version, readers, rng, *, now) -> int:
    """A share of the rest of the audience read the current version within a month of it."""
    audience = set(selectors.audience_members(version.document).values_list("pk", flat=True))
    created = 0
    for member in readers:
        if member.email == MORGAN or member.pk not in audience or rng.random() > READ_SHARE:
            continue
        days = rng.randint(1, 30)
        _acknowledge(version, member, version.published_at + datetime.timedelta(days=days), now=now)
        created += 1
    return created


def _acknowledge(version, member, when, *, now) -> None:
    since = timezone.now()
    services.document_acknowledge(document=version.document, member=member, version_number=version.number)
    _backdate(since, min(when, now))


def _tick_checklist() -> int:
    """Morgan and a dozen other councillors have ticked some of the social media checklist."""
    document = Document.objects.filter(slug="social-media-checklist").first()
    if document is None:
        return 0
    items = list(ChecklistItem.objects.filter(document=document).order_by("position")[:5])
    before = ChecklistTick.objects.count()
    morgan = Member.objects.filter(email=MORGAN).first()
    if morgan:
        services.checklist_save(document=document, member=morgan, ticked_item_ids=[i.pk for i in items])
    others = (
        Member.objects.current()
        .filter(authority__parent__isnull=True)
        .exclude(Q(email=MORGAN) | Q(email=AISHA))
    )
    for index, member in enumerate(others.order_by("pk")[:12]):
        ticked = [i.pk for i in items[: (index % 4) + 1]]
        services.checklist_save(document=document, member=member, ticked_item_ids=ticked)
    return ChecklistTick.objects.count() - before
