"""The Independent Person's pages: only the case files they have been asked about, read-only.

The role's permission opens nothing by itself; an assignment row on the case
does. Everyone else gets 404.
"""

from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from complaints import access, selectors, services
from complaints.forms import OwnViewForm
from complaints.models import CaseAccess, CaseDocument, Complaint
from complaints.stages import OPEN_STAGES
from portal import access as portal_access
from portal.errors import DomainError
from portal.uploads import download_response

PERMISSION = access.CONSULT


independent_person_only = portal_access.section(access.is_independent_person, sign_in=False, cache=False)


def _assigned_case(request, pk) -> Complaint:
    return portal_access.get_for_user(
        request.user, partial(selectors.case_for_independent_person, request.user), pk=pk
    )


@independent_person_only
def consulted_list(request):
    cases = list(selectors.cases_for_independent_person(request.user))
    return render(request, "complaints/consulted/list.html", {"cases": cases})


@independent_person_only
def consulted_case(request, pk):
    complaint = _assigned_case(request, pk)
    form = OwnViewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.ip_view_record(
                    complaint=complaint,
                    independent_person=request.user,
                    view=form.cleaned_data["view"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(
                    request, "Thank you. Your view has been recorded and the Monitoring Officer can see it."
                )
                return redirect("complaints:consulted_case", pk=complaint.pk)
        else:
            status = 400
    services.access_record(
        complaint=complaint,
        user=request.user,
        action=CaseAccess.Action.VIEWED_AS_IP,
        detail="Form shown again after an error" if request.method == "POST" else "",
    )
    return render(
        request,
        "complaints/consulted/case.html",
        {"complaint": complaint, "form": form, "can_give_view": complaint.stage in OPEN_STAGES},
        status=status,
    )


@independent_person_only
def consulted_document(request, pk, document_pk):
    complaint = _assigned_case(request, pk)
    document = get_object_or_404(CaseDocument, pk=document_pk, complaint=complaint)
    services.access_record(
        complaint=complaint,
        user=request.user,
        action=CaseAccess.Action.DOWNLOADED,
        detail=document.original_name,
    )
    return download_response(document.file, filename=document.original_name)
