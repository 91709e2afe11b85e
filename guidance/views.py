"""The guidance library's pages. Thin: read through selectors, write through services."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from guidance import extensions, selectors, services, to_read_cache
from guidance.diff import diff_versions
from guidance.forms import (
    AcknowledgeForm,
    ChecklistForm,
    DiffForm,
    LibraryFilterForm,
    ReminderForm,
    ReviewForm,
)
from guidance.models import Document
from portal.access import SIGNED_IN, member_or_404, section
from portal.csvexport import csv_response
from portal.errors import DomainError
from portal.selectors import member_for
from portal.uploads import download_response

REPORT_PERMISSION = "guidance.view_acknowledgement_report"


def _reader(request):
    """The signed-in person's member record (or None), once per request."""
    if not hasattr(request, "_guidance_member"):
        request._guidance_member = member_for(request.user)
    return request._guidance_member


# The library is in everyone's navigation: signed-in people without it are refused (403), not misled.
library_required = section(SIGNED_IN, act="guidance.view_library")


@library_required
def library(request):
    """The library: what is left to read, every document, and search."""
    form = LibraryFilterForm(request.GET or None)
    form.is_valid()
    member = _reader(request)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    query_string = query_string.urlencode()
    filters = {
        "query": form.value("q"),
        "category": form.value("category"),
        "audience": form.value("audience"),
        "page_number": request.GET.get("page"),
    }
    listing = to_read_cache.summary(
        request.user,
        member,
        ("library-page", *filters.values(), query_string),
        lambda: _library_listing(request.user, member, filters, query_string),
    )
    return render(
        request,
        "guidance/library.html",
        {
            "form": form,
            "member": member,
            "library": listing.library,
            "page": listing.page(),
            "listing_html": mark_safe(listing.html),  # noqa: S308 - rendered by our own template
            "search_sections": extensions.search_sections(listing.library.query),
            "filtered": bool(filters["category"] or filters["audience"]),
        },
    )


@dataclass(frozen=True)
class Listed:
    """A document listed on the library page, as its context names it (the page itself is HTML)."""

    pk: int
    title: str
    slug: str


def _listed(documents) -> list[Listed]:
    return [Listed(document.pk, document.title, document.slug) for document in documents]


@dataclass
class _LibraryListing:
    """The library page's list as one reader sees it, rendered: kept in the shared cache. Only the
    HTML and a little about the documents listed (model instances cost time to unpickle)."""

    library: selectors.Library  # without its page (the paginator holds a queryset)
    count: int
    number: int
    rows: list[Listed]
    html: str

    def page(self):
        paginator = Paginator([], selectors.PAGE_SIZE)
        paginator.count = self.count
        page = paginator.page(self.number)
        page.object_list = self.rows
        return page


def _library_listing(user, member, filters, query_string) -> _LibraryListing:
    result = selectors.library(user, member, **filters)
    html = render_to_string(
        "guidance/includes/library_listing.html",
        {
            "member": member,
            "library": result,
            "page": result.page,
            "filtered": bool(filters["category"] or filters["audience"]),
            "query_string": query_string,
        },
    )
    page = result.page
    result.page, result.to_read = None, _listed(result.to_read)
    return _LibraryListing(
        library=result,
        count=page.paginator.count,
        number=page.number,
        rows=_listed(page.object_list),
        html=str(html),
    )


@login_required
def document(request, slug, number=None):
    """One document (its current version, or an older one), with its sign-off record."""
    member = _reader(request)
    # What the reader sees of the document (their reading state and checklist ticks included) is
    # kept in the shared cache until the library or the reader changes; forms are made fresh.
    context = to_read_cache.summary(
        request.user,
        member,
        ("document-page", slug, number),
        lambda: selectors.document_page(request.user, member, slug, number),
    )
    context["member"] = member
    context["acknowledge_form"] = AcknowledgeForm(initial={"version": context["version"].number})
    context["ask_url"] = extensions.ask_url(context["document"])
    if not context["ask_url"]:
        context["ask_mailto"] = _ask_mailto(context["document"])
    context["can_report"] = request.user.has_perm(REPORT_PERMISSION)
    context["can_manage"] = request.user.has_perm("guidance.change_document")
    if context["can_report"]:
        context["checklist_counts"] = selectors.checklist_counts(context["document"])
    numbers = [v.number for v in context["versions"]]
    if len(numbers) > 1:
        context["diff_form"] = DiffForm(
            numbers=numbers, initial={"old": numbers[1], "new": numbers[0]}, auto_id="diff_%s"
        )
    return render(request, "guidance/document.html", context)


def _ask_mailto(document) -> str:
    """While no app offers a question form: an email to the Monitoring Officer that names the document."""
    subject = f"Question about the guidance: {document.title}"
    body = (
        f"I have a question about “{document.title}” "
        f"(version {document.current_version.number}, {settings.SITE_URL}{document.get_absolute_url()}).\n\n"
        "My question is:\n\n"
    )
    return f"mailto:{settings.MONITORING_OFFICER_EMAIL}?" + urlencode(
        {"subject": subject, "body": body}, quote_via=quote
    )


@login_required
def diff(request, slug):
    """The difference between any two versions of a document."""
    member = _reader(request)
    document = selectors.document_for_reader(request.user, member, slug)
    numbers = list(document.versions.values_list("number", flat=True))
    form = DiffForm(request.GET or None, numbers=numbers, auto_id="diff_%s")
    if not form.is_valid():
        raise Http404("Choose two versions to compare")
    old, new = sorted([form.cleaned_data["old"], form.cleaned_data["new"]])
    if old == new:
        messages.info(request, "Choose two different versions to see what changed.")
        return redirect(document)
    old_version, new_version = selectors.versions_for_diff(document, old, new)
    return render(
        request,
        "guidance/diff.html",
        {
            "document": document,
            "old": old_version,
            "new": new_version,
            "diff": diff_versions(old_version, new_version),
            "form": DiffForm(numbers=numbers, initial={"old": old, "new": new}, auto_id="diff_%s"),
        },
    )


@require_POST
@login_required
def acknowledge(request, slug):
    member = member_or_404(request.user, "Only members acknowledge guidance")
    document = selectors.document_for_reader(request.user, member, slug)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Something went wrong: please try again.")
        return redirect(document)
    try:
        services.document_acknowledge(
            document=document, member=member, version_number=form.cleaned_data["version"]
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(document)
    messages.success(request, f"Thank you. You have acknowledged “{document.title}”.")
    return redirect("guidance:library")


@require_POST
@login_required
def checklist(request, slug):
    member = member_or_404(request.user, "Only members keep a checklist")
    document = selectors.document_for_reader(request.user, member, slug)
    form = ChecklistForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["item"]))
        return redirect(f"{document.get_absolute_url()}#checklist")
    ticked = services.checklist_save(
        document=document, member=member, ticked_item_ids=form.cleaned_data["item"]
    )
    messages.success(request, f"Your checklist is saved: {ticked} ticked. Only you can see your ticks.")
    return redirect(f"{document.get_absolute_url()}#checklist")


@login_required
def attachment(request, slug, pk):
    attachment = selectors.attachment_for_reader(request.user, _reader(request), slug, pk)
    return download_response(attachment.file, filename=attachment.original_filename)


# --- Officers ---------------------------------------------------------------------


def _managed_document(slug):
    return get_object_or_404(
        Document.objects.select_related("current_version", "committee").exclude(status=Document.Status.DRAFT),
        slug=slug,
    )


@never_cache
@section(SIGNED_IN, act=REPORT_PERMISSION)
def acknowledgements(request):
    """Every published document with how many of its audience are up to date."""
    documents = selectors.with_acknowledgement_counts(
        Document.objects.published().select_related("current_version", "committee").order_by("title", "pk")
    )
    page = Paginator(documents, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "guidance/acknowledgements.html", {"page": page})


@never_cache
@section(SIGNED_IN, act=REPORT_PERMISSION)
def acknowledgement_report(request, slug):
    """Who in a document's audience has, and has not, acknowledged it."""
    document = _managed_document(slug)
    show = request.GET.get("show", "outstanding")
    report = selectors.acknowledgement_report(document, show=show, page_number=request.GET.get("page"))
    if request.GET.get("format") == "csv":
        return _report_csv(document)
    return render(
        request,
        "guidance/acknowledgement_report.html",
        {
            "document": document,
            "report": report,
            "page": report.page,
            "rows_html": _report_rows_html(report.page.object_list),
            "reminder_form": ReminderForm.fresh(),
            "can_remind": request.user.has_perm("guidance.send_acknowledgement_reminders"),
        },
    )


_ACKNOWLEDGED = mark_safe(
    '<span class="reading-tag reading-tag-done"><span aria-hidden="true">✓ </span>Acknowledged</span>'
)
_NOT_ACKNOWLEDGED = mark_safe(
    '<span class="reading-tag reading-tag-todo"><span aria-hidden="true">● </span>Not acknowledged</span>'
)
_NO_EMAIL = mark_safe(' <span class="doc-meta">(no email address)</span>')


def _report_date(value) -> str:
    return date_filter(timezone.localtime(value), "j M Y") if value else ""


def _report_rows_html(members) -> str:
    """The report's table rows, built here: 50 rows through the template language cost more than
    the rest of the page (about 14 ms at the large scale). Every value is escaped by format_html."""
    rows = []
    for member in members:
        if member.up_to_date:
            status = _ACKNOWLEDGED
        elif member.last_version_number:
            status = format_html(
                '<span class="reading-tag reading-tag-again"><span aria-hidden="true">↻ </span>'
                "Read version {}: must read again</span>",
                member.last_version_number,
            )
        else:
            status = _NOT_ACKNOWLEDGED
        acknowledged = (
            f"{_report_date(member.last_acknowledged_at)} (version {member.last_version_number})"
            if member.last_acknowledged_at
            else "Never"
        )
        rows.append(
            format_html(
                '<tr><th scope="row">{}{}{}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
                member.display_name,
                format_html(' <span class="doc-meta">{}</span>', member.ward) if member.ward else "",
                "" if member.email else _NO_EMAIL,
                status,
                acknowledged,
                _report_date(member.last_reminded_at) or "Not reminded",
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row made by format_html


def _report_csv(document):
    report = selectors.acknowledgement_report(document, show="all")
    rows = (
        [
            member.full_name,
            member.email,
            member.get_member_type_display(),
            "Yes" if member.up_to_date else "No",
            member.last_version_number or "",
            timezone.localtime(member.last_acknowledged_at).strftime("%Y-%m-%d %H:%M")
            if member.last_acknowledged_at
            else "",
            timezone.localtime(member.last_reminded_at).strftime("%Y-%m-%d %H:%M")
            if member.last_reminded_at
            else "",
        ]
        for member in report.page.paginator.object_list.iterator()
    )
    return csv_response(
        f"acknowledgements-{document.slug}.csv",
        ["Member", "Email", "Type", "Up to date", "Version read", "Acknowledged at", "Last reminded"],
        rows,
    )


@require_POST
@section(SIGNED_IN, act="guidance.send_acknowledgement_reminders")
def send_reminders(request, slug):
    document = _managed_document(slug)
    form = ReminderForm(request.POST)
    target = reverse("guidance:acknowledgement_report", kwargs={"slug": document.slug})
    if not form.is_valid():
        messages.error(request, "The form had expired; please press the button again.")
        return redirect(target)
    try:
        batch = services.reminders_send(
            document=document, actor=request.user, token=form.cleaned_data["token"]
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(target)
    count = batch.recipient_count
    who = "1 member who has" if count == 1 else f"{count} members who have"
    messages.success(request, f"Reminder sent to {who} not acknowledged it yet.")
    return redirect(target)


@never_cache
@section(SIGNED_IN, act="guidance.review_document")
def reviews(request):
    """Documents whose annual review is overdue or coming up."""
    documents = selectors.reviews_due(within_days=selectors.REVIEW_HORIZON_DAYS)
    page = Paginator(documents, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "guidance/reviews.html",
        {"page": page, "today": timezone.localdate(), "horizon": selectors.REVIEW_HORIZON_DAYS},
    )


@never_cache
@section(SIGNED_IN, act="guidance.review_document")
def review(request, slug):
    """Record "reviewed, no change" for a published document."""
    document = _managed_document(slug)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.document_record_review(
                    document=document,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    reviewed_on=form.cleaned_data["reviewed_on"],
                    meeting_on=form.cleaned_data["meeting_on"],
                    minute_reference=form.cleaned_data["minute_reference"],
                    meeting_outcome=form.cleaned_data["meeting_outcome"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                document.refresh_from_db()
                messages.success(
                    request,
                    f"Review recorded for “{document.title}”. "
                    f"Next review due {document.next_review_on:%-d %B %Y}.",
                )
                return redirect("guidance:reviews")
    else:
        form = ReviewForm(initial={"reviewed_on": timezone.localdate()})
    return render(
        request,
        "guidance/review.html",
        {"document": document, "form": form, "history": selectors.review_history(document)},
    )
