"""Every write to a question or an FAQ entry. Views and admin actions call these; nothing else saves.

Each service checks who is acting, locks the question, checks the move against
the workflow, writes the change and an event row in one transaction, and
queues its emails to go when that transaction commits. Emails never carry what
anyone wrote: they say there is something to read and link to it.
"""

import os
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone
from django.utils.text import slugify

from guidance.rendering import plain_text, render_markdown
from portal.emails import send_templated_email
from portal.errors import DomainError
from portal.selectors import member_for
from portal.uploads import EVIDENCE_KINDS, check_upload
from portal.workdays import working_days_between

from . import access
from .models import (
    Attachment,
    FaqEntry,
    InternalNote,
    Message,
    Priority,
    Question,
    QuestionEvent,
    QuestionView,
    State,
    due_date,
)
from .workflow import QUESTION_WORKFLOW, STANDALONE_TARGETS, reply_outcomes

# The most files one question or one message may carry.
MAX_ATTACHMENTS = 5


# --- Asking ---------------------------------------------------------------------


def question_ask(
    *,
    asker,
    topic: str,
    subject: str,
    body: str,
    token: uuid.UUID,
    document=None,
    urgent_requested: bool = False,
    urgency_reason: str = "",
    files=(),
) -> tuple[Question, bool]:
    """Record a member's question and tell the officers. Returns (question, created).

    ``token`` comes from the ask form: a second submission of the same form
    (a double click, a refresh after posting) returns the first question
    instead of making another, even when both arrive at once.
    """
    if not access.can_ask(asker):
        raise DomainError("Your account cannot ask the Monitoring Officer questions.")
    existing = _question_for_token(token, asker)
    if existing is not None:
        return existing, False
    urgency_reason = urgency_reason.strip()
    if urgent_requested and not urgency_reason:
        raise DomainError("Please say why you need an answer urgently.")
    member = member_for(asker)
    if document is not None and not _document_visible(document, member):
        raise DomainError("That guidance document is not available to you.")
    files = _checked(files)
    now = timezone.now()
    priority = Priority.URGENT if urgent_requested else Priority.NORMAL
    try:
        with transaction.atomic():
            question = Question.objects.create(
                asked_by=asker,
                member=member,
                topic=topic,
                subject=subject.strip(),
                body=body.strip(),
                document=document,
                urgent_requested=urgent_requested,
                urgency_reason=urgency_reason if urgent_requested else "",
                # Provisional until the officers triage it: the member's own view of urgency.
                priority=priority,
                received_at=now,
                due_on=due_date(now, priority),
                last_member_message_at=now,
                submission_token=token,
            )
            _attach(question, None, files, asker)
            _event(question, asker, "", State.NEW, "Question asked")
            officers = list(access.advice_officers().values_list("email", flat=True))
            if officers:
                send_templated_email(
                    to=officers,
                    template="advice/email/new_question",
                    context={"question": question, "link": _link(question.officer_url())},
                )
    except IntegrityError:
        # The same form arrived twice at once and the other request saved first.
        existing = _question_for_token(token, asker)
        if existing is None:
            raise
        return existing, False
    return question, True


def _question_for_token(token, asker) -> Question | None:
    question = Question.objects.filter(submission_token=token).first()
    if question is not None and question.asked_by_id != asker.pk:
        raise DomainError("This form has already been used. Please open the form again.")
    return question


def _document_visible(document, member) -> bool:
    from .selectors import documents_for_member

    return documents_for_member(member).filter(pk=document.pk).exists()


# --- Triage -----------------------------------------------------------------------


def question_triage(*, question: Question, actor, priority: str, assigned_to=None, note: str = "") -> bool:
    """Set the priority (which sets the due date) and who answers. Returns whether anything changed.

    Triaging a new question starts work on it.
    """
    _require_officer(actor)
    if priority not in Priority.values:
        raise DomainError("Choose a priority.")
    if assigned_to is not None and not access.is_advice_officer(assigned_to):
        raise DomainError(f"{assigned_to.get_full_name()} cannot answer members' questions.")
    with transaction.atomic():
        question = _locked(question)
        if question.state == State.CLOSED:
            raise DomainError("This question is closed. Reopen it before changing its priority.")
        changes, fields = [], []
        first_triage = question.triaged_at is None
        if question.priority != priority or first_triage:
            question.priority = priority
            question.due_on = due_date(question.received_at, priority, question.paused_working_days)
            fields += ["priority", "due_on"]
            due = dateformat.format(question.due_on, "j F Y")
            changes.append(f"priority {Priority(priority).label.lower()}, due {due}")
        assignee_changed = question.assigned_to_id != (assigned_to.pk if assigned_to else None)
        if assignee_changed:
            question.assigned_to = assigned_to
            fields.append("assigned_to")
            changes.append(f"assigned to {assigned_to.get_full_name()}" if assigned_to else "unassigned")
        from_state = question.state
        to_state = State.IN_PROGRESS if from_state == State.NEW else from_state
        if to_state != from_state:
            QUESTION_WORKFLOW.check(from_state, to_state)
            question.state = to_state
            fields.append("state")
        if first_triage:
            question.triaged_at = timezone.now()
            fields.append("triaged_at")
        if not fields:
            return False
        question.save(update_fields=[*dict.fromkeys(fields), "updated_at"])
        summary = ("Triaged: " if first_triage else "Changed: ") + ", ".join(changes)
        if note.strip():
            summary = f"{summary}. {note.strip()}"
        _event(question, actor, from_state, to_state, summary)
        if assignee_changed and assigned_to is not None and assigned_to.pk != actor.pk:
            send_templated_email(
                to=[assigned_to.email],
                template="advice/email/assigned",
                context={
                    "question": question,
                    "officer": assigned_to,
                    "assigned_by": actor,
                    "link": _link(question.officer_url()),
                },
            )
    return True


# --- The conversation -------------------------------------------------------------


def question_reply_as_officer(
    *, question: Question, actor, body: str, outcome: str, files=(), token: uuid.UUID | None = None
) -> Message:
    """An officer writes to the member; ``outcome`` is the state the question moves to.

    The member gets an email saying there is a reply, never the reply itself.
    """
    _require_officer(actor)
    body = body.strip()
    if not body:
        raise DomainError("Write a reply before sending it.")
    files = _checked(files)
    with transaction.atomic():
        # Lock first: a second submission of the same form waits here, then finds the first.
        question = _locked(question)
        existing = _message_for_token(token)
        if existing is not None:
            return existing
        allowed = dict(reply_outcomes(question.state))
        if question.state == State.CLOSED:
            raise DomainError("This question is closed. Reopen it before replying.")
        if outcome not in allowed:
            QUESTION_WORKFLOW.check(question.state, outcome)  # raises with the workflow's wording
        now = timezone.now()
        is_answer = outcome == State.ANSWERED
        message = Message.objects.create(
            question=question,
            author=actor,
            from_officer=True,
            is_answer=is_answer,
            body=body,
            created_at=now,
            submission_token=token,
        )
        _attach(question, message, files, actor)
        fields = ["last_officer_message_at"]
        question.last_officer_message_at = now
        if question.first_response_at is None:
            question.first_response_at = now
            fields.append("first_response_at")
        if is_answer and question.answered_at is None:
            question.answered_at = now
            fields.append("answered_at")
        from_state = question.state
        if outcome != from_state:
            question.state = outcome
            fields.append("state")
            fields += _clock_fields(question, from_state)
        question.save(update_fields=[*fields, "updated_at"])
        if outcome != from_state:
            _event(question, actor, from_state, outcome, _reply_note(outcome))
        send_templated_email(
            to=[question.asked_by.email],
            template="advice/email/reply_to_member",
            context={
                "question": question,
                "name": question.asked_by.get_short_name(),
                "answered": is_answer,
                "link": _link(question.get_absolute_url()),
            },
        )
    return message


def _reply_note(outcome: str) -> str:
    return {
        State.ANSWERED: "Answer sent to the member",
        State.AWAITING_MEMBER: "Asked the member for more information",
        State.IN_PROGRESS: "Replied to the member",
    }[outcome]


def question_reply_as_member(
    *, question: Question, actor, body: str, files=(), token: uuid.UUID | None = None
) -> Message:
    """The member who asked adds to their question.

    A reply to a question waiting for them, or to an answered one, moves it
    back to "in progress" (an answered question is reopened). A closed
    question takes no replies: the member asks a new question.
    """
    if question.asked_by_id != actor.pk:
        raise DomainError("Only the member who asked can reply here.")
    body = body.strip()
    if not body:
        raise DomainError("Write your reply before sending it.")
    files = _checked(files)
    with transaction.atomic():
        question = _locked(question)
        existing = _message_for_token(token)
        if existing is not None:
            return existing
        if question.state == State.CLOSED:
            raise DomainError(
                "This question has been closed, so it cannot take replies. Please ask a new question."
            )
        now = timezone.now()
        message = Message.objects.create(
            question=question,
            author=actor,
            from_officer=False,
            body=body,
            created_at=now,
            submission_token=token,
        )
        _attach(question, message, files, actor)
        question.last_member_message_at = now
        question.member_seen_at = now
        fields = ["last_member_message_at", "member_seen_at"]
        from_state = question.state
        if from_state in (State.AWAITING_MEMBER, State.ANSWERED):
            QUESTION_WORKFLOW.check(from_state, State.IN_PROGRESS)
            question.state = State.IN_PROGRESS
            fields.append("state")
            fields += _clock_fields(question, from_state)
        question.save(update_fields=[*fields, "updated_at"])
        if question.state != from_state:
            note = (
                "Reopened: the member replied after the answer"
                if from_state == State.ANSWERED
                else "The member replied"
            )
            _event(question, actor, from_state, question.state, note)
        recipients = (
            [question.assigned_to.email]
            if question.assigned_to_id and question.assigned_to.is_active
            else list(access.advice_officers().values_list("email", flat=True))
        )
        if recipients:
            send_templated_email(
                to=recipients,
                template="advice/email/member_replied",
                context={"question": question, "link": _link(question.officer_url())},
            )
    return message


def _message_for_token(token) -> Message | None:
    if token is None:
        return None
    return Message.objects.filter(submission_token=token).first()


def question_add_note(
    *, question: Question, actor, body: str, token: uuid.UUID | None = None
) -> InternalNote:
    """A note for the officers only. It sends no email and the member never sees it."""
    _require_officer(actor)
    body = body.strip()
    if not body:
        raise DomainError("Write the note before saving it.")
    with transaction.atomic():
        question = _locked(question)
        if token is not None:
            existing = InternalNote.objects.filter(submission_token=token).first()
            if existing is not None:
                return existing
        note = InternalNote.objects.create(question=question, author=actor, body=body, submission_token=token)
        question.save(update_fields=["updated_at"])
    return note


def question_transition(*, question: Question, actor, target: str, note: str = "") -> Question:
    """Close or reopen a question (the moves that need no reply), with an optional reason."""
    _require_officer(actor)
    if target not in STANDALONE_TARGETS:
        raise DomainError("That change is made by sending a reply.")
    with transaction.atomic():
        question = _locked(question)
        from_state = question.state
        transition = QUESTION_WORKFLOW.check(from_state, target)
        question.state = target
        fields = ["state", *_clock_fields(question, from_state)]
        if target == State.CLOSED:
            question.closed_at = timezone.now()
            fields.append("closed_at")
        elif from_state == State.CLOSED:
            question.closed_at = None
            fields.append("closed_at")
        question.save(update_fields=[*fields, "updated_at"])
        _event(question, actor, from_state, target, note.strip() or transition.label)
    return question


def question_record_view(*, question: Question, viewer):
    """Log that ``viewer`` opened the question; when it is the member, their replies count as read.

    Returns the time of the view. The member's two writes are one transaction: one commit to wait for.
    """
    now = timezone.now()
    if viewer.pk != question.asked_by_id:
        QuestionView.objects.create(question=question, viewer=viewer, viewed_at=now)
        return now
    with transaction.atomic(savepoint=False):
        QuestionView.objects.create(question=question, viewer=viewer, viewed_at=now)
        Question.objects.filter(pk=question.pk).update(member_seen_at=now)
    return now


# --- FAQ --------------------------------------------------------------------------


def faq_entry_save(
    *, entry: FaqEntry, actor, publish: bool | None = None, source_question: Question | None = None
) -> FaqEntry:
    """Save an FAQ entry written by an officer; ``publish`` True/False publishes or withdraws it.

    The entry is written afresh from the question: nothing of the member's is
    copied unless the officer kept it in the text they edited.
    """
    _require_officer(actor)
    if source_question is not None and source_question.answered_at is None:
        raise DomainError("Only a question that has been answered can become an FAQ entry.")
    entry.title = entry.title.strip()
    entry.plain_text = plain_text(render_markdown(entry.answer_text))
    if not entry.slug:
        entry.slug = _unique_slug(entry.title)
    if source_question is not None:
        entry.source_question = source_question
    if entry.created_by_id is None:
        entry.created_by = actor
    if publish is True:
        entry.status = FaqEntry.Status.PUBLISHED
        entry.published_at = entry.published_at or timezone.now()
    elif publish is False:
        entry.status = FaqEntry.Status.DRAFT
    entry.save()
    return entry


def faq_entry_set_published(*, entry: FaqEntry, actor, published: bool) -> FaqEntry:
    _require_officer(actor)
    with transaction.atomic():
        entry = FaqEntry.objects.select_for_update().get(pk=entry.pk)
        entry.status = FaqEntry.Status.PUBLISHED if published else FaqEntry.Status.DRAFT
        fields = ["status", "updated_at"]
        if published and entry.published_at is None:
            entry.published_at = timezone.now()
            fields.append("published_at")
        entry.save(update_fields=fields)
    return entry


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "faq"
    slug, n = base, 2
    while FaqEntry.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def names_in_text(question: Question, *texts: str) -> list[str]:
    """The asking member's names (and email) that appear in ``texts``, to warn before publishing."""
    candidates = set()
    user = question.asked_by
    if question.member_id:
        member = question.member
        candidates |= {member.first_name, member.last_name, member.full_name, member.email}
    candidates |= {*user.full_name.split(), user.full_name, user.email}
    haystack = " ".join(texts).casefold()
    found = []
    for name in sorted(candidates, key=len, reverse=True):
        already = any(name.casefold() in longer.casefold() for longer in found)
        if len(name) >= 3 and not already and _contains_word(haystack, name.casefold()):
            found.append(name)
    return found


def _contains_word(haystack: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", haystack) is not None


# --- Helpers ----------------------------------------------------------------------


def _clock_fields(question: Question, from_state: str, on=None) -> list[str]:
    """Stop the clock when the question starts waiting for the member; restart it when it stops.

    The due date moves back by the working days spent waiting (portal.workdays), as a
    complaint's pause does. Returns the fields changed.
    """
    on = on or timezone.localdate()
    if question.state == State.AWAITING_MEMBER and from_state != State.AWAITING_MEMBER:
        question.waiting_since = on
        return ["waiting_since"]
    if (
        from_state == State.AWAITING_MEMBER
        and question.state != State.AWAITING_MEMBER
        and question.waiting_since
    ):
        question.paused_working_days += working_days_between(question.waiting_since, on)
        question.waiting_since = None
        question.due_on = due_date(question.received_at, question.priority, question.paused_working_days)
        return ["waiting_since", "paused_working_days", "due_on"]
    return []


def _require_officer(actor) -> None:
    if not access.is_advice_officer(actor):
        raise DomainError("Only the Monitoring Officer and the Deputy can do that.")


def _locked(question: Question) -> Question:
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("asked_by", "assigned_to")
        .get(pk=question.pk)
    )


def _event(question, actor, from_status, to_status, note) -> QuestionEvent:
    return QuestionEvent.record(
        question=question, actor=actor, from_status=from_status, to_status=to_status, note=note
    )


def _checked(files) -> list:
    files = [f for f in files if f]
    if len(files) > MAX_ATTACHMENTS:
        raise DomainError(f"You can attach up to {MAX_ATTACHMENTS} files.")
    for file in files:
        try:
            check_upload(file, kinds=EVIDENCE_KINDS)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from None
    return files


def _attach(question, message, files, uploader) -> None:
    for file in files:
        Attachment.objects.create(
            question=question,
            message=message,
            file=file,
            original_name=os.path.basename(file.name)[:200],
            size=file.size,
            uploaded_by=uploader,
        )


def _link(path: str) -> str:
    return settings.SITE_URL + path
