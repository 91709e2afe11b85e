"""Member Support's induction pages: the packs, a cohort's progress, assigning and reminding, and
committee eligibility (moved out of training.views to keep modules small)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.access import SIGNED_IN, section
from training import forms, page_cache, selectors, services
from training.models import (
    InductionAssignment,
    InductionPack,
)
from training.views import _page_number

VIEW = "training.view_training"
MANAGE = "training.manage_training"


training_user = section(SIGNED_IN, act=VIEW)
training_manager = section(SIGNED_IN, act=MANAGE)
# Inside training: a page about one member, which other members may not know exists.
managers_only_or_404 = section(MANAGE, sign_in=False)


@training_manager
@never_cache
def induction_packs(request):
    return render(request, "training/induction_packs.html", {"packs": selectors.packs_overview()})


@training_manager
@never_cache
def cohort(request, slug):
    show = request.GET.get("show", "all")
    if show not in ("all", "behind", "complete"):
        show = "all"

    def read():
        page = selectors.cohort_page(slug, show=show, page_number=_page_number(request))
        for assignment in page.page:
            assignment.record_url = reverse("training:member_record", args=[assignment.member_id])
        rows = render_to_string(
            "training/_cohort_rows.html",
            {
                "page": page.page,
                "remind_url": reverse("training:cohort_remind", args=[page.pack.slug]),
                "csrf_token": page_cache.FORM_TOKEN,
            },
        )
        return (page, rows), None

    # Whether a step is overdue is a matter of the day, which the cache checks.
    key = page_cache.key("cohort", request.user.pk, slug, show, _page_number(request))
    page, rows = page_cache.cached(key, read)
    return render(
        request,
        "training/cohort.html",
        {
            "cohort": page,
            "pack": page.pack,
            "page": page.page,
            "rows_html": page_cache.with_form_token(request, rows),
            "show": show,
            "show_query": urlencode({"show": show}),
        },
    )


@training_manager
@never_cache
def cohort_assign(request, slug):
    pack = get_object_or_404(InductionPack, slug=slug)
    kind = request.POST.get("kind")
    cohort_form = forms.CohortAssignForm(request.POST if kind == "cohort" else None, prefix="cohort")
    member_form = forms.IndividualAssignForm(request.POST if kind == "individual" else None, prefix="one")
    if kind == "cohort" and cohort_form.is_valid():
        created = services.induction_assign_cohort(
            pack=pack,
            started_from=cohort_form.cleaned_data["started_from"],
            started_to=cohort_form.cleaned_data["started_to"],
            actor=request.user,
        )
        messages.success(
            request,
            f"{pack.name} given to {created} member{'s' if created != 1 else ''}"
            + (" (everyone in that range already had it)." if not created else "."),
        )
        return redirect(pack)
    if kind == "individual" and member_form.is_valid():
        member = member_form.cleaned_data["member"]
        _, created = services.induction_assign(pack=pack, member=member, actor=request.user)
        if created:
            messages.success(request, f"{pack.name} given to {member.display_name}.")
        else:
            messages.info(request, f"{member.display_name} already has {pack.name}.")
        return redirect(pack)
    return render(
        request,
        "training/cohort_assign.html",
        {"pack": pack, "cohort_form": cohort_form, "member_form": member_form},
    )


@training_manager
@require_POST
def cohort_remind(request, slug):
    pack = get_object_or_404(InductionPack, slug=slug)
    assignments = InductionAssignment.objects.filter(pack=pack)
    one = request.POST.get("assignment", "")
    if one:
        if not one.isdigit():
            raise Http404
        assignments = assignments.filter(pk=one)
    sent = services.induction_remind(
        assignments=selectors.with_progress(assignments).filter(items_overdue__gt=0), actor=request.user
    )
    if sent:
        messages.success(
            request, f"Reminder sent to {sent} member{'s' if sent != 1 else ''} behind on {pack.name}."
        )
    else:
        messages.info(request, "Nobody needed a reminder: everyone behind has already been reminded today.")
    return redirect(reverse("training:cohort", kwargs={"slug": pack.slug}) + "?show=behind")


@training_manager
@never_cache
def eligibility(request):
    return render(
        request,
        "training/eligibility.html",
        {"gaps": selectors.eligibility_gaps(), "assignments": selectors.outstanding_assignments()},
    )
