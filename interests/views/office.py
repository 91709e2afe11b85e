"""The Monitoring Officer's review of returns, withholding decisions and dispensations; Member Support's
list of members whose registers come on paper.

Only the Monitoring Officer and the Deputy open returns, entries and requests
here: anyone else gets 404, as if they did not exist.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from portal.access import get_for_user, section
from portal.errors import DomainError

from .. import access, page_cache, selectors, services
from ..forms import ChangesForm, DispensationDecisionForm, SensitiveForm
from ..models import Dispensation, Entry, Return, Status
from ..services.reminders import overdue_members

PAPER_PAGE_SIZE = 50


def _office_user(user) -> bool:
    return access.is_registers_officer(user) or access.enters_paper_returns(user)


officers_only = section(access.is_registers_officer, cache=False)


@section(_office_user, cache=False)
def office(request):
    user = request.user
    context = {"officer": access.is_registers_officer(user), "paper": access.enters_paper_returns(user)}
    if context["officer"]:
        # The same for the Monitoring Officer and the Deputy, and rendered for no one else.
        lists = page_cache.page(("office", "officer"), _officer_lists)
        context["officer_lists"] = mark_safe(lists)  # noqa: S308 - our own template's output
    if context["paper"]:
        context["paper_members"] = Paginator(selectors.paper_members(), PAPER_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(request, "interests/office.html", context)


def _officer_lists() -> str:
    context = {
        "pending": list(selectors.pending_reviews()),
        "overdue": list(
            overdue_members(timezone.localdate()).select_related("authority").order_by("term_start")[:100]
        ),
        "late_gifts": list(selectors.late_gifts()[:50]),
        "dispensations": list(selectors.pending_dispensations()),
        "counts": selectors.officer_panel(),
    }
    return render_to_string("interests/_office_officer.html", context)


def _version(request, pk) -> Return:
    return get_for_user(
        request.user,
        Return.objects.versions().select_related(
            "register__member__authority", "submitted_by", "reviewed_by"
        ),
        pk=pk,
        see=lambda user, _version: access.is_registers_officer(user),
    )


def _render_review(request, version, *, changes_form=None, sensitive_forms=None, status=200):
    register = version.register
    shown = selectors.version(register, version.number)
    previous = (
        register.returns.versions().filter(number__lt=version.number).order_by("-number").first()
        if version.number > 1
        else None
    )
    previous = selectors.version(register, previous.number) if previous else None
    sensitive_forms = sensitive_forms or {}
    entries = [
        (entry, sensitive_forms.get(entry.pk) or SensitiveForm(prefix=f"e{entry.pk}"))
        for entry in shown.entries.all()
    ]
    context = {
        "version": shown,
        "member": register.member,
        "entries": entries,
        "changes": selectors.compare(previous, shown),
        "previous": previous,
        "changes_form": changes_form or ChangesForm(),
        "waiting": shown.status == Status.SUBMITTED,
        "asks_withholding": any(e.sensitive == "asked" for e in shown.entries.all()),
    }
    return render(request, "interests/review.html", context, status=status)


@officers_only
def review(request, pk):
    return _render_review(request, _version(request, pk))


@officers_only
def review_changes(request, pk):
    version = _version(request, pk)
    if request.method != "POST":
        return redirect("interests:review", pk)
    form = ChangesForm(request.POST)
    if form.is_valid():
        try:
            services.return_request_changes(version_id=version.pk, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"Sent back to {version.register.member.display_name} with your message."
            )
            return redirect("interests:office")
    return _render_review(request, version, changes_form=form, status=400)


@officers_only
def review_publish(request, pk):
    version = _version(request, pk)
    if request.method != "POST":
        return redirect("interests:review", pk)
    try:
        services.return_publish(version_id=version.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("interests:review", pk)
    messages.success(request, f"Published: {version.register.member.display_name}, version {version.number}.")
    return redirect("interests:office")


@officers_only
def entry_sensitive(request, pk):
    entry = get_for_user(
        request.user,
        Entry.objects.select_related("return_version"),
        pk=pk,
        see=lambda user, _entry: access.is_registers_officer(user),
    )
    version_pk = entry.return_version_id
    if request.method != "POST":
        return redirect("interests:review", version_pk)
    form = SensitiveForm(request.POST, prefix=f"e{entry.pk}")
    if form.is_valid():
        try:
            services.entry_decide_sensitive(entry_id=entry.pk, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(reverse("interests:review", args=[version_pk]) + f"#entry-{entry.pk}")
    version = _version(request, version_pk)
    return _render_review(request, version, sensitive_forms={entry.pk: form}, status=400)


@officers_only
def dispensation(request, pk):
    found = get_for_user(
        request.user,
        Dispensation.objects.select_related("member__authority", "requested_by", "decided_by"),
        pk=pk,
        see=lambda user, _d: access.is_registers_officer(user),
    )
    form = DispensationDecisionForm()
    status = 200
    if request.method == "POST":
        form = DispensationDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.dispensation_decide(
                    dispensation_id=found.pk, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Decision recorded. The member has been told.")
                return redirect("interests:office")
        status = 400
    return render(
        request, "interests/dispensation.html", {"dispensation": found, "form": form}, status=status
    )
