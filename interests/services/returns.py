"""A member's returns: the draft, its entries, submission, the Monitoring Officer's review.

Every function locks the member's register first, so two requests about one
register (a double click, the member and Member Support at once) queue rather
than race; checks the state; writes; and leaves a row on the register's trail.
"""

import datetime

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from portal.errors import DomainError
from portal.workflow import Transition, Workflow

from .. import access
from ..models import Category, Entry, Return, Sensitivity, Status, Whose
from .base import atomic, email_member, email_officers, link, locked_register, record, require

RETURN_WORKFLOW = Workflow(
    "return",
    Status.choices,
    [
        Transition(Status.DRAFT, Status.SUBMITTED, "Submit"),
        Transition(Status.SUBMITTED, Status.CHANGES_REQUESTED, "Ask for changes"),
        Transition(Status.SUBMITTED, Status.PUBLISHED, "Accept and publish"),
        Transition(Status.SUBMITTED, Status.SUPERSEDED, "Replaced by a later version"),
        Transition(Status.PUBLISHED, Status.SUPERSEDED, "Replaced by a later version"),
    ],
)

NOT_YOURS = "You cannot change this register."


def _move(version: Return, target: str, **fields) -> str:
    source = version.status
    RETURN_WORKFLOW.check(source, target)
    version.status = target
    for name, value in fields.items():
        setattr(version, name, value)
    version.save(update_fields=["status", *fields])
    return source


# --- The draft --------------------------------------------------------------------


def draft_start(*, member, actor, paper_received_on: datetime.date | None = None) -> tuple[Return, bool]:
    """The member's draft, started from their latest version if there is none. Returns (draft, created).

    Member Support starting a draft for a member without a login marks it as
    received on paper, with the date the form arrived.
    """
    require(access.can_write_register(actor, member), NOT_YOURS)
    on_paper = not access.is_own(actor, member)
    if on_paper and paper_received_on is None:
        raise DomainError("Give the date the paper form was received.")
    if paper_received_on and paper_received_on > timezone.localdate():
        raise DomainError("The date the paper form was received cannot be in the future.")
    with atomic():
        register = locked_register(member)
        draft = register.returns.filter(status=Status.DRAFT).first()
        if draft is not None:
            return draft, False
        latest = register.returns.versions().order_by("-number").first()
        draft = Return.objects.create(
            register=register,
            created_by=actor,
            on_paper=on_paper,
            paper_received_on=paper_received_on if on_paper else None,
        )
        if latest is not None:
            Entry.objects.bulk_create(
                Entry(
                    return_version=draft,
                    key=entry.key,
                    category_id=entry.category_id,
                    whose=entry.whose,
                    description=entry.description,
                    sensitive=entry.sensitive,
                    sensitive_reason=entry.sensitive_reason,
                    sensitive_decided_by_id=entry.sensitive_decided_by_id,
                    sensitive_decided_at=entry.sensitive_decided_at,
                    sensitive_decision_note=entry.sensitive_decision_note,
                    created_at=entry.created_at,
                )
                for entry in latest.entries.all()
            )
        note = "Draft started" + (f" from version {latest.number}" if latest else "")
        if on_paper:
            note += f", from a paper form received on {paper_received_on:%d %B %Y}"
        record(register, actor=actor, action="draft_started", note=note, version=draft, target=Status.DRAFT)
    return draft, True


def _locked_draft(member, actor) -> tuple:
    require(access.can_write_register(actor, member), NOT_YOURS)
    register = locked_register(member)
    draft = register.returns.filter(status=Status.DRAFT).first()
    if draft is None:
        raise DomainError("There is no draft to change: it may have been submitted already.")
    return register, draft


def entry_add(
    *,
    member,
    actor,
    category: Category,
    description: str,
    whose: str = Whose.MEMBER,
    sensitive_reason: str = "",
) -> Entry:
    """Add an interest to the draft. A reason given asks for the details to be withheld (s.32)."""
    description, sensitive_reason = description.strip(), sensitive_reason.strip()
    if not description:
        raise DomainError("Describe the interest.")
    if whose not in Whose.values:
        raise DomainError("Say whose interest this is.")
    if not category.is_active:
        raise DomainError("This heading is no longer on the register.")
    with atomic():
        register, draft = _locked_draft(member, actor)
        entry = Entry.objects.create(
            return_version=draft,
            category=category,
            whose=whose,
            description=description,
            sensitive=Sensitivity.ASKED if sensitive_reason else Sensitivity.NOT_ASKED,
            sensitive_reason=sensitive_reason,
        )
        record(register, actor=actor, action="entry_added", note=category.name, version=draft)
    return entry


def entry_remove(*, member, actor, entry_id: int) -> bool:
    """Take an interest off the draft. Returns whether there was one to remove."""
    with atomic():
        register, draft = _locked_draft(member, actor)
        entry = draft.entries.select_related("category").filter(pk=entry_id).first()
        if entry is None:
            return False
        entry.delete()
        record(register, actor=actor, action="entry_removed", note=entry.category.name, version=draft)
    return True


# --- Submission ---------------------------------------------------------------------


def return_submit(*, member, actor, draft_id: int, confirmation: bool = False) -> tuple[Return, bool]:
    """Submit the draft as the next version. Returns (version, created).

    Submitting the same draft twice (a double click, a second tab) gives back
    the version the first made: one version, one email. An earlier version
    still waiting for review is replaced by this one.
    """
    require(access.can_write_register(actor, member), NOT_YOURS)
    with atomic():
        register = locked_register(member)
        version = register.returns.filter(pk=draft_id).first()
        if version is None:
            raise DomainError("There is no such draft.")
        if version.status != Status.DRAFT:
            return version, False
        now = timezone.now()
        for waiting in register.returns.filter(status=Status.SUBMITTED):
            _move(waiting, Status.SUPERSEDED)
        number = (register.returns.aggregate(top=Max("number"))["top"] or 0) + 1
        source = _move(
            version,
            Status.SUBMITTED,
            number=number,
            submitted_at=now,
            submitted_by=actor,
            is_confirmation=confirmation,
        )
        register.first_submitted_at = register.first_submitted_at or now
        register.last_submitted_at = now
        register.save(update_fields=["first_submitted_at", "last_submitted_at"])
        what = "Confirmed unchanged" if confirmation else "Submitted"
        if version.on_paper:
            what += " (typed in from a paper form)"
        record(
            register,
            actor=actor,
            action="submitted",
            note=what,
            version=version,
            source=source,
            target=Status.SUBMITTED,
        )
        email_officers(
            "submitted",
            member=member,
            version=version,
            link=link(reverse("interests:review", args=[version.pk])),
        )
    return version, True


def register_confirm_unchanged(
    *, member, actor, paper_received_on: datetime.date | None = None
) -> tuple[Return, bool]:
    """The yearly confirmation: the latest version again, unchanged, as a new version."""
    with atomic():
        register = locked_register(member)
        if register.returns.filter(status=Status.DRAFT).exists():
            raise DomainError("You have a draft with changes: check it and submit it instead.")
        latest = register.returns.versions().order_by("-number").first()
        if latest is None:
            raise DomainError("There is nothing to confirm yet: fill in your register first.")
        if latest.status != Status.PUBLISHED:
            raise DomainError(
                "Your latest version is still with the Monitoring Officer: you can confirm your "
                "register once it has been accepted."
            )
        draft, _ = draft_start(member=member, actor=actor, paper_received_on=paper_received_on)
        return return_submit(member=member, actor=actor, draft_id=draft.pk, confirmation=True)


# --- Review by the Monitoring Officer ---------------------------------------------------


def _locked_version(version_id: int, actor) -> tuple:
    require(
        access.is_registers_officer(actor), "Only the Monitoring Officer and the Deputy review registers."
    )
    version = Return.objects.select_related("register__member").get(pk=version_id)
    register = locked_register(version.register.member)
    return register, register.returns.get(pk=version_id)


def return_request_changes(*, version_id: int, actor, message: str) -> Return:
    """Send a version back to the member with a message saying what to change."""
    message = message.strip()
    if not message:
        raise DomainError("Say what the member needs to change.")
    with atomic():
        register, version = _locked_version(version_id, actor)
        if version.status != Status.SUBMITTED:
            raise DomainError("Only a version waiting for review can be sent back.")
        source = _move(
            version,
            Status.CHANGES_REQUESTED,
            review_message=message,
            reviewed_at=timezone.now(),
            reviewed_by=actor,
        )
        record(
            register,
            actor=actor,
            action="changes_requested",
            note=message,
            version=version,
            source=source,
            target=version.status,
        )
        email_member(
            register.member, "changes_requested", version=version, link=link(register.get_absolute_url())
        )
    return version


def return_publish(*, version_id: int, actor) -> Return:
    """Accept a version and make it the public register; the one before it is replaced."""
    with atomic():
        register, version = _locked_version(version_id, actor)
        if version.status != Status.SUBMITTED:
            raise DomainError("Only a version waiting for review can be published.")
        if version.entries.filter(sensitive=Sensitivity.ASKED).exists():
            raise DomainError("Decide every request to withhold details before publishing.")
        now = timezone.now()
        for older in register.returns.filter(status=Status.PUBLISHED):
            _move(older, Status.SUPERSEDED)
        source = _move(version, Status.PUBLISHED, reviewed_at=now, reviewed_by=actor, published_at=now)
        register.published_return = version
        register.published_at = now
        register.save(update_fields=["published_return", "published_at"])
        record(
            register,
            actor=actor,
            action="published",
            note=f"Version {version.number} published",
            version=version,
            source=source,
            target=version.status,
        )
        email_member(register.member, "published", version=version, link=link(register.get_absolute_url()))
    return version


def entry_decide_sensitive(*, entry_id: int, actor, agree: bool, note: str) -> Entry:
    """Record the Monitoring Officer's decision on withholding an entry's details, with the reason."""
    note = note.strip()
    if not note:
        raise DomainError("Give the reason for the decision.")
    require(access.is_registers_officer(actor), "Only the Monitoring Officer and the Deputy decide this.")
    with atomic():
        found = Entry.objects.select_related("return_version__register__member").get(pk=entry_id)
        register = locked_register(found.return_version.register.member)
        entry = (
            Entry.objects.select_for_update().select_related("return_version", "category").get(pk=entry_id)
        )
        if entry.return_version.status != Status.SUBMITTED:
            raise DomainError("Decide on a version while it waits for review.")
        if entry.sensitive == Sensitivity.NOT_ASKED:
            raise DomainError("The member did not ask for this entry's details to be withheld.")
        entry.sensitive = Sensitivity.AGREED if agree else Sensitivity.REFUSED
        entry.sensitive_decided_by = actor
        entry.sensitive_decided_at = timezone.now()
        entry.sensitive_decision_note = note
        entry.save(
            update_fields=[
                "sensitive",
                "sensitive_decided_by",
                "sensitive_decided_at",
                "sensitive_decision_note",
            ]
        )
        record(
            register,
            actor=actor,
            action="sensitive_decided",
            note=f"{entry.category.name}: {entry.get_sensitive_display()}. {note}",
            version=entry.return_version,
        )
    return entry
