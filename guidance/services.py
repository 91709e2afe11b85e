"""Writes to the guidance library. Views and admin actions call these; nothing else saves.

Each service checks the document's state, locks what two officers could change at
once, writes an event row, and queues email only when the transaction commits.
"""

import calendar
import datetime
import os
import uuid

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from guidance import selectors, to_read_cache
from guidance.models import (
    Acknowledgement,
    Attachment,
    ChecklistItem,
    ChecklistTick,
    Circulation,
    CommitteeNoting,
    Consultation,
    Document,
    DocumentEvent,
    DocumentVersion,
    ImpactAssessment,
    Reminder,
    ReminderBatch,
    Review,
    SignOff,
)
from guidance.rendering import plain_text, render_markdown
from portal.emails import send_templated_email
from portal.errors import DomainError
from portal.uploads import check_upload
from portal.workflow import Transition, Workflow

WORKFLOW = Workflow(
    "document",
    Document.Status.choices,
    [
        Transition(Document.Status.DRAFT, Document.Status.PUBLISHED, "Publish the first version"),
        Transition(Document.Status.PUBLISHED, Document.Status.PUBLISHED, "Publish a new version"),
        Transition(Document.Status.ARCHIVED, Document.Status.PUBLISHED, "Publish again"),
        Transition(Document.Status.DRAFT, Document.Status.ARCHIVED, "Archive"),
        Transition(Document.Status.PUBLISHED, Document.Status.ARCHIVED, "Archive"),
    ],
)

SIGN_OFF_MODELS = (SignOff, CommitteeNoting, Circulation, Consultation, ImpactAssessment)
RESERVED_SLUGS = {"manage"}


def next_review_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or the month's last day: 31 Jan + 1 month is 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def refresh_search_vectors(document_ids=None) -> int:
    """Rebuild the stored search vector: title weighs most, then summary, then the text.

    One UPDATE, for the given documents or (with None) every document; the
    benchmark uses it to index thousands at once.
    """
    sql = """
        UPDATE guidance_document AS d
        SET search_vector =
            setweight(to_tsvector('english'::regconfig, coalesce(d.title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(d.summary, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(v.body_text, '')), 'C')
        FROM guidance_documentversion AS v
        WHERE v.id = d.current_version_id
    """
    params = []
    if document_ids is not None:
        sql += " AND d.id = ANY(%s)"
        params.append(list(document_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _event(document, **fields) -> DocumentEvent:
    return DocumentEvent.record(document=document, **fields)


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def document_save(*, document: Document, actor, changed: list[str] | None = None) -> Document:
    """Save an officer's edits to a document's details or draft text (the back office form)."""
    if document.slug in RESERVED_SLUGS:
        raise DomainError(f"“{document.slug}” is used by the library itself; choose another web address.")
    if document.audience != Document.Audience.COMMITTEE:
        document.committee = None
    elif document.committee_id is None:
        raise DomainError("Choose the committee whose members this document is for.")
    with transaction.atomic():
        adding = document._state.adding
        document.save()
        if not adding:
            if document.current_version_id:
                refresh_search_vectors([document.pk])
            _event(
                document,
                action=DocumentEvent.Action.EDITED,
                actor=actor,
                note=("Changed: " + ", ".join(changed)) if changed else "",
            )
    return document


def document_publish(
    *,
    document: Document,
    actor,
    change_note: str,
    material: bool,
    notify: bool = True,
    today: datetime.date | None = None,
    published_at: datetime.datetime | None = None,
) -> DocumentVersion:
    """Publish the draft text as a new, numbered, unchangeable version.

    The first version, and any version marked as a material change, asks every
    member in the audience to read and acknowledge it again (and, with
    ``notify``, emails them through a background task once the transaction
    commits). A minor version keeps everyone's acknowledgements valid. Sign-off
    rows not yet tied to a version are attached to this one. Publishing also
    counts as the document's review, so the next review moves on.
    """
    change_note = (change_note or "").strip()
    if not change_note:
        raise DomainError("Say what changed in this version: members see the change note.")
    today = today or timezone.localdate()
    with transaction.atomic():
        document = _lock(document)
        WORKFLOW.check(document.status, Document.Status.PUBLISHED)
        body = (document.draft_body or "").strip()
        if not body:
            raise DomainError("The document has no text to publish yet.")
        current = document.current_version
        if current and (current.body, current.title, current.summary) == (
            body,
            document.title,
            document.summary,
        ):
            raise DomainError(
                f"Nothing has changed since version {current.number}: edit the text, title or summary first."
            )
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        material = bool(material or number == 1)
        body_html = render_markdown(body)
        version = DocumentVersion.objects.create(
            document=document,
            number=number,
            title=document.title,
            summary=document.summary,
            body=body,
            body_html=body_html,
            body_text=plain_text(body_html),
            change_note=change_note,
            material=material,
            published_at=published_at or timezone.now(),
            published_by=actor if getattr(actor, "pk", None) else None,
        )
        from_status = document.status
        document.status = Document.Status.PUBLISHED
        document.current_version = version
        if material:
            document.acknowledge_from = number
        document.next_review_on = next_review_after(today, document.review_interval_months)
        if number > 1:
            document.last_reviewed_on = today
        document.save(
            update_fields=[
                "status",
                "current_version",
                "acknowledge_from",
                "next_review_on",
                "last_reviewed_on",
                "updated_at",
            ]
        )
        for model in SIGN_OFF_MODELS:
            model.objects.filter(document=document, version__isnull=True).update(version=version)
        if number > 1:
            Review.objects.create(
                document=document,
                outcome=Review.Outcome.NEW_VERSION,
                reviewed_on=today,
                reviewer=version.published_by,
                note=change_note,
                version=version,
                next_review_on=document.next_review_on,
            )
        refresh_search_vectors([document.pk])
        _event(
            document,
            action=DocumentEvent.Action.PUBLISHED,
            actor=actor,
            version=version,
            from_status=from_status,
            to_status=document.status,
            note=f"Version {number} ({'material' if material else 'minor'} change): {change_note}",
        )
        if material and notify:
            from guidance.tasks import notify_new_version

            transaction.on_commit(lambda: notify_new_version.enqueue(version_id=version.pk))
    return version


def document_archive(*, document: Document, actor, note: str = "") -> Document:
    """Take a document out of the library. Its versions and acknowledgements are kept."""
    with transaction.atomic():
        document = _lock(document)
        WORKFLOW.check(document.status, Document.Status.ARCHIVED)
        from_status = document.status
        document.status = Document.Status.ARCHIVED
        document.save(update_fields=["status", "updated_at"])
        _event(
            document,
            action=DocumentEvent.Action.ARCHIVED,
            actor=actor,
            from_status=from_status,
            to_status=document.status,
            note=note,
        )
    return document


def document_acknowledge(*, document: Document, member, version_number: int) -> Acknowledgement:
    """Record that ``member`` has read the version they were shown.

    Acknowledging the same version twice (a double click) keeps the first record.
    """
    with transaction.atomic():
        document = Document.objects.select_related("current_version").get(pk=document.pk)
        if (
            not document.is_published
            or not selectors.documents_visible_to(member).filter(pk=document.pk).exists()
        ):
            raise DomainError("This document is not one you are asked to read.")
        version = document.current_version
        if version.number != version_number:
            raise DomainError(
                f"A newer version (version {version.number}) was published while you were reading. "
                "Please read it before you acknowledge."
            )
        acknowledgement, _ = Acknowledgement.objects.get_or_create(
            member=member, version=version, defaults={"document": document}
        )
    return acknowledgement


def checklist_save(*, document: Document, member, ticked_item_ids) -> int:
    """Set which of the document's checklist items the member has ticked; returns how many."""
    with transaction.atomic():
        items = set(ChecklistItem.objects.filter(document=document).values_list("pk", flat=True))
        wanted = {int(pk) for pk in ticked_item_ids} & items
        ChecklistTick.objects.filter(member=member, item_id__in=items - wanted).delete()
        existing = set(
            ChecklistTick.objects.filter(member=member, item_id__in=wanted).values_list("item_id", flat=True)
        )
        ChecklistTick.objects.bulk_create(
            [ChecklistTick(member=member, item_id=pk) for pk in wanted - existing], ignore_conflicts=True
        )
        to_read_cache.member_read(member.pk)  # bulk_create sends no signal
    return len(wanted)


def document_record_review(
    *,
    document: Document,
    actor,
    note: str,
    reviewed_on: datetime.date | None = None,
    meeting_on: datetime.date | None = None,
    minute_reference: str = "",
    meeting_outcome: str = "",
) -> Review:
    """Record a review that found nothing to change, and set the next review date.

    When the Standards Committee reviewed it, ``meeting_on``, ``minute_reference`` and
    ``meeting_outcome`` record that meeting.
    """
    minute_reference, meeting_outcome = minute_reference.strip(), meeting_outcome.strip()
    if meeting_on is None and (minute_reference or meeting_outcome):
        raise DomainError("Enter the date of the Standards Committee meeting.")
    if meeting_on and meeting_on > timezone.localdate():
        raise DomainError("The meeting date cannot be in the future.")
    note = (note or "").strip()
    if not note:
        raise DomainError("Add a note saying what was checked, for the record.")
    reviewed_on = reviewed_on or timezone.localdate()
    if reviewed_on > timezone.localdate():
        raise DomainError("The review date cannot be in the future.")
    with transaction.atomic():
        document = _lock(document)
        if document.status != Document.Status.PUBLISHED:
            raise DomainError("Only a published document is reviewed.")
        # The same review submitted twice (a double click) is recorded once.
        repeat = Review.objects.filter(
            document=document,
            outcome=Review.Outcome.NO_CHANGE,
            reviewed_on=reviewed_on,
            reviewer=actor,
            note=note,
        ).first()
        if repeat is not None:
            return repeat
        document.last_reviewed_on = reviewed_on
        document.next_review_on = next_review_after(reviewed_on, document.review_interval_months)
        document.save(update_fields=["last_reviewed_on", "next_review_on", "updated_at"])
        review = Review.objects.create(
            document=document,
            outcome=Review.Outcome.NO_CHANGE,
            reviewed_on=reviewed_on,
            reviewer=actor,
            note=note,
            version=document.current_version,
            next_review_on=document.next_review_on,
            meeting_on=meeting_on,
            minute_reference=minute_reference,
            meeting_outcome=meeting_outcome,
        )
        _event(
            document,
            action=DocumentEvent.Action.REVIEWED,
            actor=actor,
            version=document.current_version,
            note=note,
        )
    return review


def review_reminders_send(*, today: datetime.date | None = None, days_ahead: int = 30) -> int:
    """Email each document's owner once when its review falls due within ``days_ahead`` days.

    Safe to run any number of times: a document remembers the review date its owner was
    reminded of, and is locked while that is checked and set.
    """
    today = today or timezone.localdate()
    due = Document.objects.filter(
        status=Document.Status.PUBLISHED,
        owner__is_active=True,
        next_review_on__lte=today + datetime.timedelta(days=days_ahead),
    ).exclude(review_reminded_for=F("next_review_on"))
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            document = Document.objects.select_for_update(of=("self",)).select_related("owner").get(pk=pk)
            if document.review_reminded_for == document.next_review_on or document.next_review_on is None:
                continue
            document.review_reminded_for = document.next_review_on
            document.save(update_fields=["review_reminded_for"])
            send_templated_email(
                to=[document.owner.email],
                template="guidance/email/review_due",
                context={
                    "document": document,
                    "name": document.owner.get_short_name(),
                    "overdue": document.next_review_on < today,
                },
            )
            sent += 1
    return sent


def reminders_send(*, document: Document, actor, token: uuid.UUID) -> ReminderBatch:
    """Email every member in the audience who has not acknowledged the current version.

    ``token`` comes from the form: submitting it twice returns the first batch
    and sends nothing more.
    """
    with transaction.atomic():
        document = _lock(document)
        existing = ReminderBatch.objects.filter(token=token).first()
        if existing is not None:
            return existing
        if document.status != Document.Status.PUBLISHED:
            raise DomainError("Reminders are only sent for published documents.")
        members = list(selectors.members_needing_to_read(document).exclude(email="").order_by("pk"))
        if not members:
            raise DomainError("Everyone with an email address is up to date: there is nobody to remind.")
        batch = ReminderBatch.objects.create(
            token=token,
            document=document,
            version=document.current_version,
            sent_by=actor,
            recipient_count=len(members),
        )
        Reminder.objects.bulk_create(
            [
                Reminder(batch=batch, member=member, document=document, sent_at=batch.sent_at)
                for member in members
            ]
        )
        for member in members:
            send_templated_email(
                to=[member.email],
                template="guidance/email/reminder",
                context={"member": member, "document": document, "version": document.current_version},
            )
        _event(
            document,
            action=DocumentEvent.Action.REMINDED,
            actor=actor,
            version=document.current_version,
            note=f"Reminded {len(members)} member{'s' if len(members) != 1 else ''}.",
        )
    return batch


def attachment_save(*, attachment: Attachment, upload=None, actor) -> Attachment:
    """Save an attachment's title and, with ``upload``, a new file checked by its content."""
    if upload is not None:
        kind = check_upload(upload)
        attachment.original_filename = os.path.basename(upload.name)[:255]
        attachment.kind = kind.name
        attachment.size = upload.size
        attachment.uploaded_at = timezone.now()
        attachment.uploaded_by = actor if getattr(actor, "pk", None) else None
    elif attachment.pk is None:
        raise DomainError("Choose a file to upload.")
    attachment.title = attachment.title.strip() or attachment.original_filename
    attachment.save()
    return attachment


def attachment_delete(*, attachment: Attachment, actor) -> None:
    """Remove an attachment and its stored file (once the database change has committed)."""
    with transaction.atomic():
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
