"""A member's own register: fill it in one heading at a time, submit it, compare versions, declare gifts.

Member Support opens the same pages for a member without a login, to type in a
paper form. Anyone else gets 404 for a register that is not theirs, and every
page is sent with Cache-Control: no-store.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from portal.access import SIGNED_IN, check, get_for_user, member_or_404, section
from portal.errors import DomainError
from portal.models import Member
from portal.selectors import member_for

from .. import access, page_cache, selectors, services
from ..forms import (
    DispensationRequestForm,
    EntryForm,
    GiftForm,
    MeetingCheckForm,
    PaperForm,
    SubmitForm,
    blank_html,
)
from ..models import Category

NOT_A_KEEPER = "Registers of interests are kept by councillors and co-opted members."
READ_ONLY = "You can read this register but not change it."

signed_in = section(SIGNED_IN, cache=False)


def _member(request, pk, *, write=False, register=False) -> Member:
    """The member whose register this is (with their ``interest_register`` read too if ``register``)."""
    related = ["user", "authority", *(["interest_register"] if register else [])]
    return get_for_user(
        request.user,
        Member.objects.select_related(*related),
        pk=pk,
        see=access.can_see_register,
        act=access.can_write_register if write else None,
        message=READ_ONLY,
    )


@signed_in
def mine(request):
    user = request.user
    if access.is_registers_officer(user) or access.enters_paper_returns(user):
        return redirect("interests:office")
    check(user, see=SIGNED_IN, act=access.can_declare, message=NOT_A_KEEPER)
    member = member_or_404(user)
    return redirect("interests:register", member.pk)


@signed_in
def register(request, member):
    member = _member(request, member, register=True)
    found = getattr(member, "interest_register", None)  # None: no register yet
    versions, draft = selectors.versions_and_draft(found)  # the page shows no entries: none are read
    latest = versions[0] if versions else None
    can_write = access.can_write_register(request.user, member)

    def lists() -> str:
        # The same for everyone who may open this register and do the same with it.
        context = {
            "member": member,
            "versions": versions,
            "gifts": selectors.gifts_of(member, limit=20),
            "dispensations": selectors.dispensations_of(member),
            "can_write": can_write,
        }
        return render_to_string("interests/_register_lists.html", context)

    context = {
        "member": member,
        "register": found,
        "draft": draft,
        "latest": latest,
        "lists": mark_safe(page_cache.page(("register-lists", member.pk, can_write), lists)),  # noqa: S308
        "categories": selectors.categories() if draft else [],
        "can_write": can_write,
        "own": access.is_own(request.user, member),
        "paper_form": PaperForm(),
        "panel": selectors.due_summary(member, latest),
    }
    return render(request, "interests/register.html", context)


def _paper_date(request, member):
    """(the paper form's received date, None) for Member Support typing one in; (None, None) for the
    member; (None, a redirect back with the message) when the date is wrong."""
    if access.is_own(request.user, member):
        return None, None
    form = PaperForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return None, redirect("interests:register", member.pk)
    return form.cleaned_data["paper_received_on"], None


@signed_in
@require_POST
def draft_start(request, member):
    member = _member(request, member, write=True)
    paper_received_on, refused = _paper_date(request, member)
    if refused:
        return refused
    try:
        services.draft_start(member=member, actor=request.user, paper_received_on=paper_received_on)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("interests:register", member.pk)
    categories = selectors.categories()
    if not categories:
        messages.error(request, "The register has no headings set up yet. Please tell Member Support.")
        return redirect("interests:register", member.pk)
    return redirect("interests:edit", member.pk, categories[0].slug)


def _steps(categories, current):
    index = next(i for i, c in enumerate(categories) if c.pk == current.pk)
    following = categories[index + 1] if index + 1 < len(categories) else None
    previous = categories[index - 1] if index else None
    return index + 1, previous, following


@signed_in
def edit(request, member, category):
    member = _member(request, member, write=True, register=True)
    categories = selectors.categories()
    current = next((c for c in categories if c.slug == category), None)
    if current is None:
        raise Http404("No such heading.")
    draft = selectors.draft_of(getattr(member, "interest_register", None), entries=False)
    if draft is None:
        messages.info(request, "Start a draft first: your register is not open for changes.")
        return redirect("interests:register", member.pk)
    form = EntryForm()
    status = 200
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                services.entry_add(member=member, actor=request.user, category=current, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Added to “{current.name}”.")
                return redirect("interests:edit", member.pk, current.slug)
        status = 400
    position, previous, following = _steps(categories, current)
    in_draft = selectors.draft_entries(draft)
    entries = [e for e in in_draft if e.category_id == current.pk]
    counts = {}
    for entry in in_draft:
        counts[entry.category_id] = counts.get(entry.category_id, 0) + 1
    context = {
        "member": member,
        "draft": draft,
        "own": access.is_own(request.user, member),
        "category": current,
        "categories": [(c, counts.get(c.pk, 0)) for c in categories],
        "entries": entries,
        "form": form,
        "form_html": None if form.is_bound else blank_html(EntryForm),
        "position": position,
        "total": len(categories),
        "previous": previous,
        "following": following,
    }
    return render(request, "interests/edit.html", context, status=status)


@signed_in
@require_POST
def entry_remove(request, member, entry):
    member = _member(request, member, write=True)
    try:
        removed = services.entry_remove(member=member, actor=request.user, entry_id=entry)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("interests:register", member.pk)
    if removed:
        messages.success(request, "Removed from your draft.")
    back = request.POST.get("category", "")
    if back and Category.objects.filter(slug=back).exists():
        return redirect("interests:edit", member.pk, back)
    return redirect("interests:submit", member.pk)


@signed_in
def submit(request, member):
    member = _member(request, member, write=True, register=True)
    found = getattr(member, "interest_register", None)
    versions, draft = selectors.versions_and_draft(found)
    if draft is None:
        if request.method == "POST":
            # A second click after the first went through: show where it went.
            messages.info(request, "Your register has already been submitted.")
        return redirect("interests:register", member.pk)
    own = access.is_own(request.user, member)
    form = SubmitForm(
        request.POST if request.method == "POST" else None, initial={"draft": draft.pk}, own=own
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version, created = services.return_submit(
                    member=member, actor=request.user, draft_id=form.cleaned_data["draft"]
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if created:
                    messages.success(
                        request,
                        f"Submitted as version {version.number}. The Monitoring Officer will check it "
                        "and publish it.",
                    )
                else:
                    messages.info(request, "Your register has already been submitted.")
                return redirect("interests:register", member.pk)
        status = 400
    latest = versions[0] if versions else None
    categories = selectors.categories()

    def review() -> str:
        selectors.with_entries(latest, draft)
        context = {
            "member": member,
            "own": own,
            "latest": latest,
            "caption": f"Your draft compared with version {latest.number}" if latest else "",
            "changes": selectors.compare(latest, draft),
            "groups": selectors.grouped(categories, draft.entries.all()),
        }
        return render_to_string("interests/_submit_review.html", context)

    # The unpublished draft: kept for this reader only, and only while nothing is written.
    kept = page_cache.page(("submit-review", request.user.pk, member.pk, draft.pk, own), review)
    context = {
        "member": member,
        "draft": draft,
        "own": own,
        "form": form,
        "form_html": None if form.is_bound else blank_html(SubmitForm, initial={"draft": draft.pk}, own=own),
        "categories": categories,
        "review": mark_safe(kept),  # noqa: S308 - our own template's output
    }
    return render(request, "interests/submit.html", context, status=status)


@signed_in
@require_POST
def confirm_unchanged(request, member):
    member = _member(request, member, write=True)
    paper_received_on, refused = _paper_date(request, member)
    if refused:
        return refused
    try:
        version, _ = services.register_confirm_unchanged(
            member=member, actor=request.user, paper_received_on=paper_received_on
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Thank you: confirmed as version {version.number}.")
    return redirect("interests:register", member.pk)


@signed_in
def version(request, member, number):
    member = _member(request, member)
    found = selectors.register_of(member)
    shown = selectors.version(found, number) if found else None
    if shown is None:
        raise Http404("No such version.")
    previous = selectors.version(found, number - 1) if number > 1 else None
    context = {
        "member": member,
        "version": shown,
        "previous": previous,
        "changes": selectors.compare(previous, shown),
        "groups": selectors.grouped(selectors.categories(), shown.entries.all()),
        "officer": access.is_registers_officer(request.user),
        "own": access.is_own(request.user, member),
    }
    return render(request, "interests/version.html", context)


@signed_in
def gift_new(request, member):
    member = _member(request, member, write=True)
    form = GiftForm()
    status = 200
    if request.method == "POST":
        form = GiftForm(request.POST)
        if form.is_valid():
            try:
                gift, created = services.gift_declare(member=member, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if not created:
                    messages.info(request, "You had already registered this. Here it is.")
                elif gift.is_late:
                    messages.warning(
                        request,
                        "Registered. It is more than 28 days since you received it, so it is marked as late.",
                    )
                else:
                    messages.success(request, "Registered. Thank you.")
                return redirect(reverse("interests:register", args=[member.pk]) + "#gifts")
        status = 400
    context = {
        "member": member,
        "form": form,
        "own": access.is_own(request.user, member),
        "threshold": settings.INTERESTS_GIFT_THRESHOLD_POUNDS,
    }
    return render(request, "interests/gift_form.html", context, status=status)


@signed_in
def dispensation_new(request, member):
    member = _member(request, member, write=True)
    form = DispensationRequestForm()
    status = 200
    if request.method == "POST":
        form = DispensationRequestForm(request.POST)
        if form.is_valid():
            try:
                _, created = services.dispensation_request(
                    member=member, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if created:
                    if access.is_own(request.user, member):
                        messages.success(request, "Your request has gone to the Monitoring Officer.")
                    else:  # Member Support, typing in a paper request for the member
                        messages.success(
                            request, f"{member.display_name}'s request has gone to the Monitoring Officer."
                        )
                return redirect(reverse("interests:register", args=[member.pk]) + "#dispensations")
        status = 400
    return render(
        request,
        "interests/dispensation_form.html",
        {"member": member, "form": form, "own": access.is_own(request.user, member)},
        status=status,
    )


@section(SIGNED_IN, act=access.can_declare, message=NOT_A_KEEPER, cache=False)
def meeting_check(request):
    member = member_for(request.user)
    if member is None:
        raise Http404("Your account is not linked to a member record.")
    form = MeetingCheckForm(request.GET or None)
    results, searched = [], False
    if form.is_valid() and form.cleaned_data["q"].strip():
        searched = True
        results = selectors.search_own_entries(member, form.cleaned_data["q"])
    context = {
        "member": member,
        "form": form,
        "results": results,
        "searched": searched,
        "has_register": selectors.latest_version(selectors.register_of(member)) is not None,
    }
    return render(
        request,
        "interests/meeting_check.html",
        context,
        status=200 if form.is_valid() or not form.is_bound else 400,
    )
