"""Induction packs (reference data, made directly) given to members through the induction service.

The current year's pack is given to Aisha Rahman, who is part-way through it;
the 2023 pack went to everyone elected in May 2023.
"""

import datetime

from django.db.models import Q

from guidance.models import Document
from training import services
from training.models import InductionAssignment, InductionItem, InductionPack

ELECTION_DAY = datetime.date(2023, 5, 4)


def _pack(slug, name, *, opens_on, active, description, items, courses, documents):
    pack, _ = InductionPack.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "opens_on": opens_on,
            "is_active": active,
            "auto_assign": active,
            "description": description,
        },
    )
    for position, (kind, key, days, note) in enumerate(items):
        thing = documents.get(key) if kind == "document" else courses.get(key)
        if thing is None:
            continue
        lookup = Q(document=thing) if kind == "document" else Q(course=thing)
        if not pack.items.filter(lookup).exists():
            InductionItem.objects.create(
                pack=pack,
                position=position,
                document=thing if kind == "document" else None,
                course=thing if kind == "course" else None,
                due_days=days,
                note=note,
            )
    # The steps other parts of the portal put in every pack (the register of interests).
    services.induction_pack_add_every_pack_steps(pack=pack)
    return pack


def induction(courses, people, support, today) -> int:
    documents = {d.slug: d for d in Document.objects.published()}
    year = today.year
    current = _pack(
        f"new-members-{year}",
        f"New members {year}",
        opens_on=today - datetime.timedelta(days=90),
        active=True,
        description=(
            "For members who join the council during the year, at a by-election or by co-option. "
            "It covers the Code of Conduct, the guidance every member should read, and the "
            "training to do in your first weeks."
        ),
        items=[
            ("document", "code-of-conduct-summary", 14, "Read this before your first meeting."),
            ("document", "seven-principles-of-public-life", 14, ""),
            ("course", "code-of-conduct", 30, "Book the next session if you missed the last one."),
            ("document", "social-media-guide", 21, "Especially if you post about council business."),
            ("course", "social-media-basics", 45, ""),
            ("course", "data-protection-for-members", 60, "E-learning: about 40 minutes."),
        ],
        courses=courses,
        documents=documents,
    )
    aisha = people["aisha"]
    services.induction_assign(pack=current, member=aisha, actor=support, start_date=aisha.term_start)
    election = _pack(
        "new-members-2023",
        "New members 2023",
        opens_on=datetime.date(2023, 5, 1),
        active=False,
        description="The pack for everyone elected at the May 2023 election.",
        items=[
            ("document", "code-of-conduct-summary", 14, ""),
            ("course", "code-of-conduct", 45, ""),
            ("course", "data-protection-for-members", 90, ""),
        ],
        courses=courses,
        documents=documents,
    )
    for member in people["councillors"]:
        if member.term_start == ELECTION_DAY:
            services.induction_assign(
                pack=election,
                member=member,
                actor=support,
                how=InductionAssignment.How.COHORT,
                start_date=ELECTION_DAY,
            )
    return InductionPack.objects.count()
