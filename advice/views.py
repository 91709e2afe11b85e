"""Pages for members asking the Monitoring Officer, and for the officers answering.

Views are thin: check who is asking, parse a form, call one service, redirect.
A question's pages answer 404 to anyone who is neither the member who asked
nor an officer, so nobody else can even learn that it exists. Every page that
shows a question is sent with Cache-Control: no-store.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from guidance.rendering import render_markdown
from portal.access import SIGNED_IN, check, get_for_user, section
from portal.errors import DomainError
from portal.selectors import member_for
from portal.uploads import download_response

from . import access, rendering, selectors, services
from .forms import (
    AskForm,
    FaqEntryForm,
    MemberReplyForm,
    NoteForm,
    OfficerReplyForm,
    QueueFilterForm,
    TransitionForm,
    TriageForm,
)
from .models import Attachment, FaqEntry, Question, State, Topic
from .workflow import standalone_moves

QUEUE_PAGE_SIZE = 25
MY_QUESTIONS_PAGE_SIZE = 20
FAQ_PAGE_SIZE = 30
FAQ_SEARCH_LIMIT = 20

# Guidance categories that point to a question topic, to prefill the ask form.
TOPIC_FOR_CATEGORY = {"social_media": "social_media", "code_of_conduct": "conduct"}


ASKERS_ONLY = "Only councillors and co-opted members can ask the Monitoring Officer here."
OFFICERS_ONLY = (
    "Members' questions are confidential to the Monitoring Officer and the Deputy. "
    "An administrator account does not open them."
)

# A question, its files and the FAQ drafts are hidden (404) from everyone but the officers.
officers_only = section(access.is_advice_officer)
faq_readers_only = section(access.can_read_faq)


# --- Members ----------------------------------------------------------------------


@section(SIGNED_IN, act=access.can_ask, message=ASKERS_ONLY, cache=False)
def ask(request):
    user = request.user
    documents = selectors.documents_for_member(member_for(user))
    if request.method == "POST":
        form = AskForm(request.POST, request.FILES, documents=documents)
        if form.is_valid():
            data = form.cleaned_data
            try:
                question, created = services.question_ask(
                    asker=user,
                    topic=data["topic"],
                    subject=data["subject"],
                    body=data["body"],
                    token=data["token"],
                    document=data["document"],
                    urgent_requested=data["urgent_requested"],
                    urgency_reason=data["urgency_reason"],
                    files=data["attachments"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                if created:
                    messages.success(
                        request,
                        "Your question has been sent to the Monitoring Officer "
                        f"(reference {question.reference}). We will email you when there is a reply.",
                    )
                else:
                    messages.info(request, "You had already sent this question. Here it is.")
                return redirect(question)
    else:
        initial = {}
        document_id = request.GET.get("document", "")
        if document_id.isdigit():
            document = documents.filter(pk=int(document_id)).first()
            if document is not None:
                initial["document"] = document
                if document.category in TOPIC_FOR_CATEGORY:
                    initial["topic"] = TOPIC_FOR_CATEGORY[document.category]
        form = AskForm(initial=initial, documents=documents)
    return render(request, "advice/ask.html", {"form": form})


@login_required
@never_cache
def my_questions(request):
    user = request.user
    if access.is_advice_officer(user) and not access.can_ask(user):
        return redirect("advice:queue")
    check(user, see=SIGNED_IN, act=access.can_ask, message=ASKERS_ONLY)
    page = Paginator(selectors.member_questions(user), MY_QUESTIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "rows": rendering.my_question_rows(page.object_list)}
    return render(request, "advice/my_questions.html", context)


def _own_question_or_404(request, pk, *, page=True):
    """The member's own question: for its page (``page``), or with its messages as models (the copy)."""
    find = selectors.member_question_page if page else selectors.member_question
    return get_for_user(request.user, partial(find, request.user), pk=pk)


def _render_member_question(request, question, reply_form=None, status=200):
    last_seen = question.member_seen_at
    services.question_record_view(question=question, viewer=request.user)
    if reply_form is None and question.is_open:
        reply_form = MemberReplyForm()
    context = {
        "question": question,
        "conversation": rendering.member_conversation(question.conversation, last_seen=last_seen),
        "reply_form": reply_form,
    }
    return render(request, "advice/question.html", context, status=status)


@login_required
@never_cache
def question(request, pk):
    found = selectors.member_question_page(request.user, pk)
    if found is None:
        if access.is_advice_officer(request.user) and Question.objects.filter(pk=pk).exists():
            return redirect("advice:case", pk=pk)
        raise Http404("No such question.")
    return _render_member_question(request, found)


@login_required
@never_cache
@require_POST
def question_reply(request, pk):
    question = _own_question_or_404(request, pk)
    form = MemberReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.question_reply_as_member(
                question=question,
                actor=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                token=form.cleaned_data["token"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your reply has been sent to the Monitoring Officer.")
            return redirect(reverse("advice:question", args=[pk]) + "#latest")
    return _render_member_question(request, question, reply_form=form, status=400)


@login_required
@never_cache
def question_copy(request, pk):
    """The member's own record of the question and every reply, as a text file. No internal notes."""
    question = _own_question_or_404(request, pk, page=False)
    text = render_to_string("advice/question_copy.txt", {"question": question}, request=request)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="question-{question.reference}.txt"'
    return response


def _may_see_attachment(user, attachment) -> bool:
    return attachment.question.asked_by_id == user.pk or access.is_advice_officer(user)


@login_required
@never_cache
def attachment(request, pk):
    """A file from a question: only for the member who asked and the officers; 404 for everyone else."""
    found = get_for_user(
        request.user, Attachment.objects.select_related("question"), pk=pk, see=_may_see_attachment
    )
    return download_response(found.file, filename=found.original_name)


# --- Officers -----------------------------------------------------------------------


@login_required
@never_cache
def queue(request):
    user = request.user
    if not access.is_advice_officer(user) and access.can_ask(user) and not user.is_superuser:
        return redirect("advice:my_questions")
    check(user, see=SIGNED_IN, act=access.is_advice_officer, message=OFFICERS_ONLY)
    officers = list(access.advice_officers())
    filter_form = QueueFilterForm(request.GET or None, officers=officers)
    filters = filter_form.filters()
    questions = selectors.queue(officer=user, **filters)
    page = Paginator(questions, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": filter_form,
        "page": page,
        "rows": rendering.queue_rows(page.object_list),
        "query": query.urlencode(),
        "filtered": filters != {"state": "open", "assigned": "", "overdue": False},
    }
    return render(request, "advice/queue.html", context)


def _render_case(request, question, status=200, viewed_at=None, **forms):
    """The officers' page of a question; ``viewed_at``: when this request logged the view of it."""
    officers = access.advice_officers()
    question_state = question.state
    viewer = request.user if viewed_at else None
    context = {
        "question": question,
        "timeline": rendering.officer_timeline(question.conversation, asker_name=question.asker_name),
        "committees": selectors.committees(question),
        "triage_form": forms.get("triage_form")
        or TriageForm(
            officers=officers,
            initial={"priority": question.priority, "assigned_to": question.assigned_to_id},
        ),
        "reply_form": forms.get("reply_form")
        or (OfficerReplyForm(state=question_state) if question_state != State.CLOSED else None),
        "note_form": forms.get("note_form") or NoteForm(),
        "moves": standalone_moves(question_state),
        "view_log": selectors.view_log(question, viewer=viewer, viewed_at=viewed_at),
    }
    return render(request, "advice/case.html", context, status=status)


def _case_or_404(request, pk):
    return get_for_user(request.user, selectors.officer_question_page, pk=pk)


@officers_only
@never_cache
def case(request, pk):
    question = _case_or_404(request, pk)
    viewed_at = services.question_record_view(question=question, viewer=request.user)
    return _render_case(request, question, viewed_at=viewed_at)


@officers_only
@never_cache
@require_POST
def case_triage(request, pk):
    question = _case_or_404(request, pk)
    form = TriageForm(request.POST, officers=access.advice_officers())
    if form.is_valid():
        try:
            changed = services.question_triage(
                question=question,
                actor=request.user,
                priority=form.cleaned_data["priority"],
                assigned_to=form.cleaned_data["assigned_to"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Triage saved." if changed else "Nothing changed.")
        return redirect("advice:case", pk=pk)
    return _render_case(request, question, status=400, triage_form=form)


@officers_only
@never_cache
@require_POST
def case_reply(request, pk):
    question = _case_or_404(request, pk)
    form = OfficerReplyForm(request.POST, request.FILES, state=question.state)
    if form.is_valid():
        try:
            services.question_reply_as_officer(
                question=question,
                actor=request.user,
                body=form.cleaned_data["body"],
                outcome=form.cleaned_data["outcome"],
                files=form.cleaned_data["attachments"],
                token=form.cleaned_data["token"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            sent = "Answer sent." if form.cleaned_data["outcome"] == State.ANSWERED else "Reply sent."
            messages.success(request, f"{sent} The member has been emailed to sign in and read it.")
            return redirect("advice:case", pk=pk)
    return _render_case(request, question, status=400, reply_form=form)


@officers_only
@never_cache
@require_POST
def case_note(request, pk):
    question = _case_or_404(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.question_add_note(
                question=question,
                actor=request.user,
                body=form.cleaned_data["body"],
                token=form.cleaned_data["token"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Internal note added.")
            return redirect("advice:case", pk=pk)
    return _render_case(request, question, status=400, note_form=form)


@officers_only
@never_cache
@require_POST
def case_transition(request, pk):
    question = _case_or_404(request, pk)
    form = TransitionForm(request.POST, state=question.state)
    if form.is_valid():
        try:
            services.question_transition(
                question=question,
                actor=request.user,
                target=form.cleaned_data["target"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"The question is now {State(form.cleaned_data['target']).label.lower()}."
            )
    else:
        messages.error(request, "That change is not possible from the question's current state.")
    return redirect("advice:case", pk=pk)


def _faq_documents():
    from guidance.models import Document

    return Document.objects.published().filter(audience=Document.Audience.ALL_MEMBERS).order_by("title")


@officers_only
@never_cache
def case_faq(request, pk):
    """Write an anonymised FAQ entry from an answered question."""
    question = _case_or_404(request, pk)
    if question.answered_at is None:
        messages.error(request, "Only a question that has been answered can become an FAQ entry.")
        return redirect("advice:case", pk=pk)
    if request.method == "POST":
        form = FaqEntryForm(request.POST, documents=_faq_documents(), source_question=question)
        if form.is_valid():
            try:
                entry = services.faq_entry_save(
                    entry=form.instance,
                    actor=request.user,
                    publish=form.cleaned_data["publish"],
                    source_question=question,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "FAQ entry published." if entry.is_published else "FAQ entry saved as a draft.",
                )
                return redirect(entry)
    else:
        answer = next((m for m in reversed(question.conversation) if m.is_answer), None)
        form = FaqEntryForm(
            documents=_faq_documents(),
            source_question=question,
            initial={
                "title": question.subject,
                "topic": question.topic,
                "question_text": question.body,
                "answer_text": answer.body if answer else "",
                "document": question.document_id,
            },
        )
    return render(request, "advice/faq_form.html", {"form": form, "question": question})


# --- FAQ --------------------------------------------------------------------------


@faq_readers_only
def faq_list(request):
    query = request.GET.get("q", "").strip()[:200]
    topic = request.GET.get("topic", "")
    context = {"query": query, "topic": topic if topic in Topic.values else "", "topics": Topic.choices}
    if query:
        context["results"] = selectors.search_faqs(query, limit=FAQ_SEARCH_LIMIT)
    else:
        context["page"] = Paginator(selectors.published_faqs(topic), FAQ_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["topic_query"] = f"topic={context['topic']}" if context["topic"] else ""
    if access.is_advice_officer(request.user):
        context["drafts"] = list(
            FaqEntry.objects.filter(status=FaqEntry.Status.DRAFT)
            .only("pk", "title", "slug")
            .order_by("title")
        )
    return render(request, "advice/faq_list.html", context)


def _may_see_entry(user, entry) -> bool:
    """A draft FAQ entry is the officers' to know about."""
    return entry.is_published or access.is_advice_officer(user)


@faq_readers_only
def faq_entry(request, slug):
    entry = get_for_user(
        request.user, FaqEntry.objects.select_related("document"), slug=slug, see=_may_see_entry
    )
    officer = access.is_advice_officer(request.user)
    answer_html = mark_safe(render_markdown(entry.answer_text))  # noqa: S308 - sanitised by nh3
    context = {"entry": entry, "officer": officer, "answer_html": answer_html}
    return render(request, "advice/faq_entry.html", context)


@officers_only
@never_cache
def faq_edit(request, slug):
    entry = get_object_or_404(
        FaqEntry.objects.select_related("source_question__member", "source_question__asked_by"), slug=slug
    )
    if request.method == "POST":
        form = FaqEntryForm(
            request.POST, instance=entry, documents=_faq_documents(), source_question=entry.source_question
        )
        if form.is_valid():
            entry = services.faq_entry_save(
                entry=form.instance, actor=request.user, publish=form.cleaned_data["publish"]
            )
            messages.success(
                request, "FAQ entry published." if entry.is_published else "FAQ entry saved as a draft."
            )
            return redirect(entry)
    else:
        form = FaqEntryForm(instance=entry, documents=_faq_documents(), source_question=entry.source_question)
    return render(
        request, "advice/faq_form.html", {"form": form, "entry": entry, "question": entry.source_question}
    )
