"""The member complained about: their own notice, their response, and the outcome. Nothing else."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from complaints import notices, selectors, services
from complaints.forms import ResponseForm
from complaints.models import CaseAccess
from complaints.stages import OPEN_STAGES
from portal import access
from portal.errors import DomainError


@never_cache
@login_required
def notice_list(request):
    notices = list(selectors.notices_for_user(request.user))
    return render(request, "complaints/member/list.html", {"notices": notices})


@access.section(access.SIGNED_IN, sign_in=False, cache=False)
def notice_detail(request, pk):
    """Only the member the notice went to sees it; everyone else, signed in or not, gets 404."""
    notice = access.get_for_user(request.user, partial(selectors.notice_for_user, request.user), pk=pk)
    complaint = notice.complaint
    can_respond = not notice.responded_at and complaint.stage in OPEN_STAGES
    form = ResponseForm(request.POST or None) if can_respond else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, "Responses to this complaint are closed.")
            return redirect("complaints:member_notice", pk=notice.pk)
        if form.is_valid():
            try:
                services.subject_response_record(
                    notice=notice, actor=request.user, response=form.cleaned_data["response"]
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, "Thank you. Your response has been sent to the Monitoring Officer.")
                return redirect("complaints:member_notice", pk=notice.pk)
        else:
            status = 400
    services.access_record(
        complaint=complaint,
        user=request.user,
        action=CaseAccess.Action.VIEWED_MEMBER_NOTICE,
        detail="Form shown again after an error" if request.method == "POST" else "",
    )
    decisions = [d for d in complaint.decision_notices.all() if notices.may_show_member(d)]
    return render(
        request,
        "complaints/member/notice.html",
        {
            "notice": notice,
            "complaint": complaint,
            "decisions": decisions,
            # The status line follows the case: "nothing decided" only while that is true.
            "undecided": not decisions and complaint.stage in OPEN_STAGES,
            "form": form,
        },
        status=status,
    )
