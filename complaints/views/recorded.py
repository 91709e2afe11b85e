"""An officer recording a complaint on a complainant's behalf (it came by post, email, phone or in person)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from complaints import access, services
from complaints.forms.public import CODE_HINT_TEXT, NOLAN_HINT_TEXT
from complaints.forms.recorded import RecordedComplaintForm
from portal import access as portal_access
from portal.errors import DomainError

PERMISSION = access.MANAGE

officer_only = portal_access.section(access.is_case_officer, sign_in=False, cache=False)


@officer_only
def case_record(request):
    form = RecordedComplaintForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and request.POST.get("find_councillor"):
        form.show_without_errors()  # the picker's search without JavaScript: not a submission
    elif request.method == "POST":
        if form.is_valid():
            try:
                submission = services.complaint_record(
                    form_token=form.cleaned_data["form_token"],
                    details=form.details(),
                    received_via=form.cleaned_data["received_via"],
                    received_on=form.cleaned_data["received_on"],
                    actor=request.user,
                    evidence=form.cleaned_data["evidence"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                complaint = submission.complaint
                messages.success(request, f"Complaint recorded as {complaint.reference}.")
                return redirect("complaints:case_detail", pk=complaint.pk)
        else:
            status = 400
    return render(
        request,
        "complaints/cases/record_complaint.html",
        {"form": form, "code_hints": CODE_HINT_TEXT, "nolan_hints": NOLAN_HINT_TEXT},
        status=status,
    )
