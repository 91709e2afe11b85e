"""Reads for the registers' pages. Each runs a fixed number of queries, however long the register."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.utils import timezone

from portal.models import Authority, Member
from portal.queries import counts

from .models import Category, Dispensation, Entry, Gift, Register, Return, Status
from .publication import public_entry
from .services.reminders import overdue_members

PUBLIC_GIFT_YEARS = 3


def _entries():
    return Entry.objects.select_related("category").order_by("-category__kind", "category__position", "pk")


def categories():
    return list(Category.objects.filter(is_active=True))


def register_of(member) -> Register | None:
    return Register.objects.filter(member=member).first()


def versions_and_draft(register) -> tuple[list[Return], Return | None]:
    """Every version submitted, newest first, and the open draft: one query, no entries."""
    if register is None:
        return [], None
    returns = list(register.returns.order_by(F("number").desc(nulls_last=True), "-pk"))
    draft = next((r for r in returns if r.status == Status.DRAFT), None)
    return [r for r in returns if r.status != Status.DRAFT], draft


def draft_entries(draft) -> list[Entry]:
    """A draft's entries without their headings (the form page has them all already)."""
    fields = ["return_version_id", "category_id", "whose", "description", "sensitive"]
    return list(draft.entries.order_by("pk").only(*fields))


def with_entries(*returns) -> None:
    """Read the entries (with their headings) of these returns (None skipped), in one query."""
    prefetch_related_objects([r for r in returns if r is not None], Prefetch("entries", _entries()))


def draft_of(register, *, entries: bool = True) -> Return | None:
    """The open draft, with its entries and their headings unless ``entries`` is False."""
    if register is None:
        return None
    drafts = register.returns.filter(status=Status.DRAFT)
    if entries:
        drafts = drafts.prefetch_related(Prefetch("entries", _entries()))
    return drafts.first()


def version(register, number: int) -> Return | None:
    return (
        register.returns.versions()
        .filter(number=number)
        .prefetch_related(Prefetch("entries", _entries()))
        .first()
    )


def latest_version(register) -> Return | None:
    if register is None:
        return None
    return (
        register.returns.versions()
        .order_by("-number")
        .prefetch_related(Prefetch("entries", _entries()))
        .first()
    )


@dataclass
class Change:
    category: str
    change: str  # "added", "removed", "changed", "same"
    before: str
    after: str


def compare(older: Return | None, newer: Return) -> list[Change]:
    """Every entry of either version, matched by its key, saying what changed."""
    before = {entry.key: entry for entry in (older.entries.all() if older else [])}
    rows = []
    for entry in newer.entries.all():
        old = before.pop(entry.key, None)
        if old is None:
            rows.append(Change(entry.category.name, "added", "", entry.description))
        elif (old.description, old.whose, old.category_id, old.sensitive) != (
            entry.description,
            entry.whose,
            entry.category_id,
            entry.sensitive,
        ):
            rows.append(Change(entry.category.name, "changed", old.description, entry.description))
        else:
            rows.append(Change(entry.category.name, "same", old.description, entry.description))
    rows.extend(Change(old.category.name, "removed", old.description, "") for old in before.values())
    return rows


def gifts_of(member, limit=None):
    gifts = Gift.objects.filter(member=member).select_related("declared_by")
    return list(gifts[:limit] if limit else gifts)


def dispensations_of(member):
    return list(Dispensation.objects.filter(member=member))


def search_own_entries(member, words: str, limit: int = 50) -> list[Entry]:
    """The member's registered interests (their latest version) that mention any of the words."""
    register = register_of(member)
    latest = latest_version(register)
    terms = [w for w in words.split() if len(w) >= 3][:10]
    if latest is None or not terms:
        return []
    match = Q()
    for term in terms:
        match |= Q(description__icontains=term) | Q(category__name__icontains=term)
    return list(_entries().filter(return_version=latest).filter(match)[:limit])


# --- The Monitoring Officer ------------------------------------------------------


def pending_reviews():
    return (
        Return.objects.pending_review()
        .select_related("register__member__authority", "submitted_by")
        .annotate(
            entry_count=Count("entries"),
            asks_withholding=Count("entries", filter=Q(entries__sensitive="asked")),
        )
        .order_by("submitted_at")
    )


def late_gifts(since_days=90):
    since = timezone.localdate() - datetime.timedelta(days=since_days)
    return Gift.objects.filter(is_late=True, declared_at__date__gte=since).select_related("member__authority")


def gifts_near_deadline(today=None):
    """Gifts registered lately in the last week before their deadline: members cutting it fine."""
    today = today or timezone.localdate()
    days = settings.INTERESTS_REGISTRATION_DAYS
    return Gift.objects.filter(
        is_late=False,
        declared_at__date__gte=today - datetime.timedelta(days=days),
        declared_at__gte=F("received_on") + datetime.timedelta(days=days - 7),
    )


def pending_dispensations():
    return Dispensation.objects.filter(decision=Dispensation.Decision.REQUESTED).select_related(
        "member__authority"
    )


def officer_panel() -> dict:
    today = timezone.localdate()
    return counts(
        overdue=overdue_members(today),
        pending=Return.objects.pending_review(),
        late_gifts=late_gifts(),
        near_deadline=gifts_near_deadline(today),
        dispensations=pending_dispensations(),
    )


def paper_members():
    """Serving members without a login, whose registers Member Support types in from paper."""
    return (
        Member.objects.current()
        .filter(user__isnull=True)
        .select_related("authority", "interest_register")
        .order_by("authority__name", "last_name", "first_name")
    )


# --- The public register ----------------------------------------------------------


def public_councils():
    members = Member.objects.current().filter(interest_register__published_at__isnull=False)
    return list(
        Authority.objects.annotate(
            published=Count("members", filter=Q(members__in=members)),
            serving=Count("members", filter=Q(members__in=Member.objects.current())),
        )
        .filter(serving__gt=0)
        .order_by("kind", "name")
    )


def public_members(authority):
    return (
        Member.objects.current()
        .filter(authority=authority)
        .select_related("interest_register")
        .order_by("last_name", "first_name", "pk")
    )


@dataclass
class PublicRegister:
    member: Member
    published_at: datetime.datetime | None
    entries: list
    dispensations: list
    gifts: list


def public_register(member) -> PublicRegister:
    register = register_of(member)
    published = None
    if register is not None and register.published_return_id:
        published = (
            Return.objects.filter(pk=register.published_return_id)
            .prefetch_related(Prefetch("entries", _entries()))
            .first()
        )
    today = timezone.localdate()
    return PublicRegister(
        member=member,
        published_at=register.published_at if register else None,
        entries=[public_entry(e) for e in published.entries.all()] if published else [],
        dispensations=list(
            Dispensation.objects.filter(
                member=member, decision=Dispensation.Decision.GRANTED, ends_on__gte=today
            ).order_by("starts_on")
        ),
        gifts=list(
            Gift.objects.published()
            .filter(member=member, received_on__gte=today - datetime.timedelta(days=365 * PUBLIC_GIFT_YEARS))
            .order_by("-received_on")
        ),
    )


def public_csv_rows(authority):
    """(member, ward, heading, kind, entry) rows of every serving member's published register."""
    members = {
        m.pk: m
        for m in Member.objects.current()
        .filter(authority=authority, interest_register__published_return__isnull=False)
        .select_related("interest_register")
    }
    published = [m.interest_register.published_return_id for m in members.values()]
    entries = (
        _entries()
        .filter(return_version__in=published)
        .select_related("return_version__register")
        .order_by(
            "return_version__register__member__last_name", "-category__kind", "category__position", "pk"
        )
    )
    for entry in entries.iterator(chunk_size=500):
        member = members[entry.return_version.register.member_id]
        shown = public_entry(entry)
        yield [
            member.display_name,
            member.ward,
            shown.kind,
            shown.category,
            shown.text,
            f"{member.interest_register.published_at:%Y-%m-%d}",
        ]


def due_summary(member, latest) -> dict:
    """When the first register is due, and whether it is overdue (no queries)."""
    due_on = member.term_start + datetime.timedelta(days=settings.INTERESTS_REGISTRATION_DAYS)
    return {
        "due_on": due_on if latest is None else None,
        "overdue": latest is None and due_on < timezone.localdate(),
    }


def member_panel(member) -> dict:
    """Where the member's register stands, for the dashboard: one query."""
    versions = Return.objects.versions().filter(register=OuterRef("pk")).order_by("-number")
    register = (
        Register.objects.filter(member=member)
        .annotate(
            latest_number=Subquery(versions.values("number")[:1]),
            latest_status=Subquery(versions.values("status")[:1]),
            has_draft=Exists(Return.objects.filter(register=OuterRef("pk"), status=Status.DRAFT)),
        )
        .first()
    )
    latest = None
    if register is not None and register.latest_number:
        latest = {"number": register.latest_number, "status": Status(register.latest_status).label}
    return {
        "latest": latest,
        "has_draft": bool(register and register.has_draft),
        "published_at": register.published_at if register else None,
        **due_summary(member, latest),
    }


def exists_published(member) -> bool:
    return Register.objects.filter(member=member, published_at__isnull=False).exists()


def grouped(categories, entries) -> list[tuple]:
    """(heading, its entries) for every heading in order, empty ones included."""
    by_category = {}
    for entry in entries:
        by_category.setdefault(entry.category_id, []).append(entry)
    return [(category, by_category.get(category.pk, [])) for category in categories]
