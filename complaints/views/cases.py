"""The Monitoring Officer's case files. Anyone without complaints.manage_cases gets 404 on all of them.

Views parse a form, call one service and redirect; a refused request comes
back as a message on the same page, with what the person typed kept.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from complaints import access, case_rows, deadlines, notices, selectors, services
from complaints.forms import (
    AssessmentForm,
    AssignForm,
    CaseFilterForm,
    ConfidentialityForm,
    DocumentForm,
    MoveForm,
    PauseForm,
    RecordResponseForm,
    RecordViewForm,
    SanctionForm,
    SanctionUpdateForm,
    SubjectNoticeForm,
    complaint_initial_summary,
)
from complaints.models import (
    Assessment,
    CaseAccess,
    CaseDocument,
    Complaint,
    DecisionNotice,
    Sanction,
    SubjectNotice,
)
from complaints.stages import DECISIONS, OPEN_STAGES, Stage, complaint_workflow
from complaints.workflow_help import MOVE_HELP
from portal import access as portal_access
from portal.errors import DomainError
from portal.uploads import download_response

PERMISSION = access.MANAGE


# 404 for everyone who may not run case files (even to say that a case exists); never cached.
officer_only = portal_access.section(access.is_case_officer, sign_in=False, cache=False)


def _case(request, pk) -> Complaint:
    cases = Complaint.objects.confirmed().select_related("subject_member__authority", "subject_authority")
    return portal_access.get_for_user(request.user, cases, pk=pk)


def _log(request, complaint, action=CaseAccess.Action.VIEWED_CASE, detail=""):
    services.access_record(complaint=complaint, user=request.user, action=action, detail=detail)


def _log_page(request, complaint, page):
    """A page of the case was shown: on the first visit, and again when a form comes back with errors."""
    again = " (form shown again after an error)" if request.method == "POST" else ""
    _log(request, complaint, detail=f"{page}{again}")


# A number no row has, to mark where each row's key goes in a reversed URL.
_PLACEHOLDER = 987654321987


def url_for_each(name, *args):
    """A function giving ``reverse(name, args=[*args, pk])`` for each pk, having reversed
    once: a case with hundreds of documents would otherwise spend more time reversing
    their links than on the rest of its page."""
    pattern = reverse(name, args=[*args, _PLACEHOLDER])
    before, after = pattern.split(str(_PLACEHOLDER))
    return lambda pk: f"{before}{int(pk)}{after}"


def _back(complaint, anchor=""):
    return redirect(reverse("complaints:case_detail", args=[complaint.pk]) + (f"#{anchor}" if anchor else ""))


@officer_only
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.case_list(
        q=filters.get("q", ""),
        stage=filters.get("stage", ""),
        council=filters.get("council", ""),
        overdue=filters.get("overdue", False),
        page=request.GET.get("page"),
    )
    services.access_record_listed(
        complaints=page.object_list, user=request.user, detail=_listing(filters, page.number)
    )
    case_url = url_for_each("complaints:case_detail")
    for case in page.object_list:
        case.url = case_url(case.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/cases/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "attention": None},
    )


def _listing(filters, number) -> str:
    """What the list showed, for the access log: the search and the filters, if any."""
    parts = ["Case list"]
    if filters.get("q"):
        parts.append(f"search “{filters['q']}”")
    if filters.get("stage"):
        parts.append(f"stage {filters['stage']}")
    if filters.get("council"):
        parts.append(f"council {filters['council']}")
    if filters.get("overdue"):
        parts.append("overdue only")
    if number > 1:
        parts.append(f"page {number}")
    return ", ".join(parts)


@officer_only
def case_detail(request, pk):
    complaint = portal_access.get_for_user(request.user, selectors.case_for_officer, pk=pk)
    entry = services.access_record(
        complaint=complaint, user=request.user, action=CaseAccess.Action.VIEWED_CASE
    )
    entry.user = request.user
    complaint.recent_access = [entry, *complaint.recent_access][: selectors.RECENT_ACCESS]
    history, letters_to_send = case_rows.case_history(complaint)
    documents = case_rows.case_documents(complaint, url_for_each("complaints:case_document", complaint.pk))
    workflow = complaint_workflow()
    try:
        assessment = complaint.assessment
    except Assessment.DoesNotExist:
        assessment = None
    context = {
        "complaint": complaint,
        "history": history,
        "letters_to_send": letters_to_send,
        "documents": documents,
        "moves": workflow.available(complaint.stage),
        "assessment": assessment,
        "assign_form": AssignForm(),
        "pause_form": PauseForm(),
        "confidentiality_form": ConfidentialityForm(),
        "sanction_forms": [SanctionUpdateForm(sanction=s) for s in complaint.sanctions.all()],
        "can_notify": complaint.subject_member_id
        and complaint.stage in services.NOTICE_STAGES
        and not complaint.subject_notices.all(),
        "can_decide_confidentiality": complaint.stage in OPEN_STAGES and not complaint.subject_notices.all(),
        "can_assess": complaint.stage in services.ASSESSMENT_STAGES,
        "is_open": complaint.stage in OPEN_STAGES,
    }
    return render(request, "complaints/cases/detail.html", context)


@officer_only
def case_move(request, pk, target):
    complaint = _case(request, pk)
    workflow = complaint_workflow()
    if target not in workflow.labels:
        raise Http404("No such stage.")
    if not workflow.allows(complaint.stage, target):
        try:
            workflow.check(complaint.stage, target)
        except DomainError as error:
            messages.error(request, str(error))
        return _back(complaint)
    transition = workflow.check(complaint.stage, target)
    form = MoveForm(request.POST or None, target=target, complaint=complaint)
    status = 200
    preview = ""
    if request.method == "POST":
        # A decision's notice is shown before it is sent: "Send" comes only with the preview.
        wants_preview = target in DECISIONS and "send" not in request.POST
        if form.is_valid() and wants_preview:
            sanctions = form.sanctions() if target == Stage.BREACH else ()
            try:
                services.complaint_move_check(
                    complaint=complaint,
                    target=target,
                    reasons=form.cleaned_data["reasons"],
                    sanctions=sanctions,
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                preview = notices.preview_decision(
                    complaint,
                    decision=target,
                    reasons=form.cleaned_data["reasons"].strip(),
                    sanctions=sanctions,
                    decided_by=request.user,
                )
        elif form.is_valid():
            try:
                services.complaint_move(
                    complaint=complaint,
                    target=target,
                    actor=request.user,
                    reasons=form.cleaned_data["reasons"],
                    hearing_on=form.cleaned_data.get("hearing_on"),
                    sanctions=form.sanctions() if target == Stage.BREACH else (),
                    publish=form.cleaned_data.get("publish", False),
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, f"{complaint.reference}: {Stage(target).label}.")
                return _back(complaint)
        else:
            status = 400
    _log_page(request, complaint, f"Page: {transition.label}")
    return render(
        request,
        "complaints/cases/move.html",
        {
            "complaint": complaint,
            "transition": transition,
            "form": form,
            "help": MOVE_HELP.get(target, ""),
            "target": target,
            "is_decision": target in DECISIONS,
            "preview": preview,
        },
        status=status,
    )


@officer_only
def case_assessment(request, pk):
    complaint = _case(request, pk)
    assessment = Assessment.objects.filter(complaint=complaint).first() or Assessment(complaint=complaint)
    form = AssessmentForm(request.POST or None, instance=assessment)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assessment_save(complaint=complaint, actor=request.user, **form.answers())
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, "The initial assessment has been saved.")
                return _back(complaint, "assessment")
        else:
            status = 400
    _log_page(request, complaint, "Page: initial assessment")
    return render(
        request,
        "complaints/cases/assessment.html",
        {"complaint": complaint, "form": form, "editable": complaint.stage in services.ASSESSMENT_STAGES},
        status=status,
    )


@officer_only
def case_confidentiality(request, pk):
    complaint = _case(request, pk)
    form = ConfidentialityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.confidentiality_decide(
                    complaint=complaint,
                    actor=request.user,
                    granted=form.cleaned_data["decision"] == "grant",
                    reasons=form.cleaned_data["reasons"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, "The confidentiality decision has been recorded.")
                return _back(complaint, "confidentiality")
        else:
            status = 400
    _log_page(request, complaint, "Page: confidentiality")
    return render(
        request,
        "complaints/cases/confidentiality.html",
        {"complaint": complaint, "form": form},
        status=status,
    )


@officer_only
def case_pause(request, pk):
    complaint = _case(request, pk)
    form = PauseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.complaint_pause(
                    complaint=complaint, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, "The clock is paused.")
                return _back(complaint)
        else:
            status = 400
    _log_page(request, complaint, "Page: pause the clock")
    return render(
        request, "complaints/cases/pause.html", {"complaint": complaint, "form": form}, status=status
    )


@officer_only
@require_POST
def case_resume(request, pk):
    complaint = _case(request, pk)
    try:
        complaint = services.complaint_resume(complaint=complaint, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        due = f" The target date is now {complaint.due_on:%-d %B %Y}." if complaint.due_on else ""
        messages.success(request, "The clock is running again." + due)
    return _back(complaint)


@officer_only
@require_POST
def case_assign_ip(request, pk):
    complaint = _case(request, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["independent_person"]
        try:
            services.ip_assign(complaint=complaint, independent_person=person, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"{person.get_full_name()} has been asked for their view and emailed a link."
            )
    else:
        messages.error(
            request, " ".join(form.errors.get("independent_person", ["Choose an Independent Person."]))
        )
    return _back(complaint, "independent-person")


@officer_only
def case_record_view(request, pk):
    complaint = _case(request, pk)
    form = RecordViewForm(request.POST or None, complaint=complaint)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.ip_view_record(
                    complaint=complaint,
                    independent_person=form.cleaned_data["independent_person"],
                    view=form.cleaned_data["view"],
                    consulted_on=form.cleaned_data["consulted_on"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, "The Independent Person's view has been recorded.")
                return _back(complaint, "independent-person")
        else:
            status = 400
    _log_page(request, complaint, "Page: record the Independent Person's view")
    return render(
        request, "complaints/cases/record_view.html", {"complaint": complaint, "form": form}, status=status
    )


@officer_only
def case_notify_member(request, pk):
    complaint = _case(request, pk)
    form = SubjectNoticeForm(
        request.POST or None, initial={"allegation_summary": complaint_initial_summary(complaint)}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.subject_notify(
                    complaint=complaint,
                    actor=request.user,
                    allegation_summary=form.cleaned_data["allegation_summary"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, "The member has been told of the complaint.")
                return _back(complaint, "member-notice")
        else:
            status = 400
    _log_page(request, complaint, "Page: tell the member")
    return render(
        request,
        "complaints/cases/notify_member.html",
        {
            "complaint": complaint,
            "form": form,
            "respond_days": deadlines.target_days("subject_response"),
        },
        status=status,
    )


@officer_only
def case_record_response(request, pk, notice_pk):
    complaint = _case(request, pk)
    notice = get_object_or_404(SubjectNotice, pk=notice_pk, complaint=complaint)
    form = RecordResponseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.subject_response_record(
                    notice=notice, actor=request.user, response=form.cleaned_data["response"]
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, "The member's response has been recorded.")
                return _back(complaint, "member-notice")
        else:
            status = 400
    _log_page(request, complaint, "Page: record the member's response")
    return render(
        request,
        "complaints/cases/record_response.html",
        {"complaint": complaint, "notice": notice, "form": form},
        status=status,
    )


@officer_only
def case_document_add(request, pk):
    complaint = _case(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.document_add(
                    complaint=complaint,
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, "The document has been added to the case.")
                return _back(complaint, "documents")
        else:
            status = 400
    _log_page(request, complaint, "Page: add a document")
    return render(
        request, "complaints/cases/document_add.html", {"complaint": complaint, "form": form}, status=status
    )


@officer_only
def case_document(request, pk, document_pk):
    complaint = _case(request, pk)
    document = get_object_or_404(CaseDocument, pk=document_pk, complaint=complaint)
    _log(request, complaint, CaseAccess.Action.DOWNLOADED, document.original_name)
    return download_response(document.file, filename=document.original_name)


@officer_only
def case_decision_notice(request, pk, notice_pk):
    complaint = _case(request, pk)
    notice = get_object_or_404(DecisionNotice, pk=notice_pk, complaint=complaint)
    _log(request, complaint, CaseAccess.Action.VIEWED_NOTICE, notice.title)
    return render(
        request, "complaints/cases/decision_notice.html", {"complaint": complaint, "notice": notice}
    )


@officer_only
@require_POST
def case_publish_notice(request, pk, notice_pk):
    complaint = _case(request, pk)
    notice = get_object_or_404(DecisionNotice, pk=notice_pk, complaint=complaint)
    publish = request.POST.get("publish") == "1"
    try:
        services.notice_publish(notice=notice, actor=request.user, publish=publish)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "The notice is on the public register." if publish else "The notice is off the public register.",
        )
    return _back(complaint, "decisions")


@officer_only
def case_sanction_add(request, pk):
    complaint = _case(request, pk)
    form = SanctionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.sanction_add(
                    complaint=complaint,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    details=form.cleaned_data["details"],
                    due_on=form.cleaned_data["due_on"],
                    course=form.cleaned_data.get("course"),
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, "The sanction has been recorded.")
                return _back(complaint, "sanctions")
        else:
            status = 400
    _log_page(request, complaint, "Page: add a sanction")
    return render(
        request, "complaints/cases/sanction_add.html", {"complaint": complaint, "form": form}, status=status
    )


@officer_only
@require_POST
def case_sanction_update(request, pk, sanction_pk):
    complaint = _case(request, pk)
    sanction = get_object_or_404(Sanction, pk=sanction_pk, complaint=complaint)
    form = SanctionUpdateForm(request.POST, sanction=sanction)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.sanction_update(
                sanction=sanction,
                actor=request.user,
                compliance=data["compliance"],
                complied_on=data["complied_on"],
                compliance_notes=data["compliance_notes"],
                parish_action=data.get("parish_action") or None,
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{sanction.get_kind_display()}: updated.")
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return _back(complaint, "sanctions")


@officer_only
def case_access_log(request, pk):
    complaint = _case(request, pk)
    _log(request, complaint, CaseAccess.Action.VIEWED_ACCESS_LOG)
    page = selectors.access_log(complaint, page=request.GET.get("page"))
    return render(request, "complaints/cases/access_log.html", {"complaint": complaint, "page": page})
