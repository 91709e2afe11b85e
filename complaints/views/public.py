"""Pages for anyone: the complaint form, email confirmation, the status page, the register."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from complaints import blank_form, ratelimit, register_cache, selectors, services
from complaints.forms import (
    CODE_HINT_TEXT,
    NOLAN_HINT_TEXT,
    ComplaintForm,
    ResendForm,
    WithdrawForm,
    member_label,
    search_members,
)
from complaints.models import Complaint, DecisionNotice, token_digest
from complaints.stages import OPEN_STAGES, PUBLIC_STAGE_TEXT, Stage
from portal.errors import DomainError

RATE_LIMITED = (
    "We have received several complaints from you recently, so we cannot accept another online just now. "
    "Please try again in {wait}, or email the Monitoring Officer at {email}."
)

SEARCH_LIMITED = "You have searched many times in the last minute. Wait a minute, then search again."

EVIDENCE_QUOTA = (
    "We accept up to {quota} of files an hour from one connection before the complainant confirms "
    "their email address, and these files would take you over. Send your complaint without them "
    "(you can send them once it is confirmed), or try again in {wait}."
)

RESEND_RATE_LIMITED = (
    "You have asked for the email several times, so we cannot send it again just now. "
    "Please try again in {wait}, or email the Monitoring Officer at {email}."
)

# What the "check your email" page remembers in the sender's own session: the address they
# typed and the complaint waiting for it. Never in the URL, so it stays out of logs and history.
CHECK_EMAIL_SESSION_KEY = "complaints_check_email"


def _remember_sender(request, *, email: str, complaint_id: int | None) -> None:
    request.session[CHECK_EMAIL_SESSION_KEY] = {"email": email[:254], "complaint": complaint_id}


@never_cache
def complaint_form(request):
    """The complaint form. Signed-in members and officers lodge straight away; others confirm by email."""
    user = request.user if request.user.is_authenticated else None
    status = 200
    if request.method == "POST" and request.POST.get("find_councillor"):
        # The picker's search without JavaScript: the same form again, as typed, with the councillors
        # found listed to choose from. Nothing is checked or sent yet, so no errors show.
        form = ComplaintForm(request.POST, user=user)
        form.show_without_errors()
        if not ratelimit.take_search(request):
            form = ComplaintForm({**request.POST.dict(), "subject_search": ""}, user=user)
            form.show_without_errors()
            form.search_refused = True
            status = 429
    elif request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, user=user)
        if form.is_spam:
            # Say nothing a robot could learn from: the same page a person sees.
            _remember_sender(
                request, email=request.POST.get("complainant_email", "").strip(), complaint_id=None
            )
            return redirect("complaints:check_email")
        if form.is_valid():
            email = form.cleaned_data["complainant_email"]
            token = form.cleaned_data["form_token"]
            already = Complaint.objects.filter(form_token=token).exists()
            wait = None if already else ratelimit.take(request, email)
            evidence_wait = None
            if not wait and not already and user is None:
                size = sum(upload.size for upload in form.cleaned_data["evidence"])
                evidence_wait = ratelimit.take_evidence(request, size)
            if wait:
                message = RATE_LIMITED.format(
                    wait=ratelimit.wait_text(wait), email=settings.MONITORING_OFFICER_EMAIL
                )
                form.add_error(None, message)
                status = 429
            elif evidence_wait:
                message = EVIDENCE_QUOTA.format(
                    quota=filesizeformat(settings.COMPLAINT_PUBLIC_EVIDENCE_BYTES_PER_HOUR),
                    wait=ratelimit.wait_text(evidence_wait),
                )
                form.add_error("evidence", message)
                status = 429
            else:
                submission = services.complaint_submit(
                    form_token=token,
                    details=form.details(),
                    evidence=form.cleaned_data["evidence"],
                    user=user,
                )
                if user is None:
                    _remember_sender(request, email=email, complaint_id=submission.complaint.pk)
                    return redirect("complaints:check_email")
                if submission.status_token:
                    return redirect("complaints:status", token=submission.status_token)
                return redirect("complaints:already_received")
        else:
            status = 400
    else:
        form = ComplaintForm(user=user)
    context = {
        "form": form,
        "code_hints": CODE_HINT_TEXT,
        "nolan_hints": NOLAN_HINT_TEXT,
        "signed_in": user is not None,
    }
    if not form.is_bound and user is None:
        context["blank_form_html"] = blank_form.blank_fields(
            csrf_token=get_token(request),
            form_token=form.initial["form_token"],
            context={"code_hints": CODE_HINT_TEXT, "nolan_hints": NOLAN_HINT_TEXT},
        )
    return render(request, "complaints/public/form.html", context, status=status)


def member_search(request):
    """The picker's search for scripts: serving councillors whose names match ``q``, as JSON.

    Public, like the form it serves, and limited per address (complaints.ratelimit), so the
    list of members cannot be pulled out of it faster than a person could read it.
    """
    if not ratelimit.take_search(request):
        return JsonResponse({"error": SEARCH_LIMITED, "results": []}, status=429)
    query = request.GET.get("q", "")
    members, more = search_members(query)
    return JsonResponse(
        {
            "query": query[:100],
            "results": [{"value": str(member.pk), "label": member_label(member)} for member in members],
            "more": more,
        }
    )


def privacy(request):
    return render(
        request, "complaints/public/privacy.html", {"retention_years": settings.COMPLAINT_RETENTION_YEARS}
    )


@never_cache
def check_email(request):
    """Where the public form leads: the address the email went to, and a way to have it sent again.

    The address comes from the sender's own session. Sending again shows the same page and
    the same words whatever happens behind it (sent, already confirmed, or no complaint at
    all), so the page tells nobody whether an address has a complaint waiting.
    """
    sender = request.session.get(CHECK_EMAIL_SESSION_KEY) or {}
    email = sender.get("email", "")
    form = ResendForm(request.POST or None)
    status = 200
    if request.method == "POST" and email and form.is_valid():
        token = form.cleaned_data["resend_token"]
        # A second click on the same button (or a resubmitted page) sends nothing more.
        if cache.add(f"complaints:resend:{token}", True, timeout=60 * 60):
            wait = ratelimit.take_resend(request, email)
            if wait:
                cache.delete(f"complaints:resend:{token}")
                message = RESEND_RATE_LIMITED.format(
                    wait=ratelimit.wait_text(wait), email=settings.MONITORING_OFFICER_EMAIL
                )
                messages.error(request, message)
                status = 429
            else:
                services.complaint_resend_confirmation(complaint_id=sender.get("complaint"))
        if status == 200:
            messages.success(
                request,
                f"We have sent the email again to {email}. Use the link in the newest email: "
                "links in earlier emails no longer work.",
            )
            return redirect("complaints:check_email")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "complaints/public/check_email.html",
        {"days": services.CONFIRMATION_DAYS, "email": email, "resend_form": ResendForm()},
        status=status,
    )


def already_received(request):
    return render(request, "complaints/public/already_received.html")


@never_cache
def confirm(request, token):
    """The link in the confirmation email. A button confirms, so link checkers in mail systems cannot."""
    complaint = Complaint.objects.filter(confirmation_digest=token_digest(token)).first()
    if complaint is not None and complaint.stage == Stage.CLOSED:
        return _closed(request)
    if request.method == "POST":
        try:
            submission = services.complaint_confirm(token=token)
        except DomainError as error:
            return render(request, "complaints/public/confirm.html", {"error": str(error)}, status=400)
        if submission.status_token:
            messages.success(
                request,
                (
                    f"Thank you. Your complaint has been received. Its reference is "
                    f"{submission.complaint.reference}."
                ),
            )
            return redirect("complaints:status", token=submission.status_token)
        return render(
            request, "complaints/public/confirm.html", {"complaint": submission.complaint, "done": True}
        )
    if complaint is None:
        return render(
            request,
            "complaints/public/confirm.html",
            {"error": "This confirmation link is not valid. Check that you copied all of it."},
            status=404,
        )
    return render(
        request,
        "complaints/public/confirm.html",
        {"complaint": complaint, "done": complaint.is_confirmed},
    )


def _status_complaint(token):
    try:
        return selectors.complaint_for_status_token(token)
    except Complaint.DoesNotExist:
        raise Http404("No complaint has this status link.") from None


def _closed(request):
    """What a status link shows once its case is closed: that it is closed, and nothing else.

    The link is a bearer secret sitting in a mailbox, browser history and perhaps a forwarded
    email. After closing it has no work left to do (nothing to follow, nothing to withdraw), so
    it stops opening the case: no reference, no dates, no stage. We do not send a new link,
    which would only put another live secret in the same mailbox; the decision went by email,
    and anonymisation later erases the link's digest so it then opens nothing at all.
    """
    return render(request, "complaints/public/status_closed.html")


@never_cache
def status(request, token):
    """The complainant's view of their case: reference, stage and dates. No names, nothing else."""
    complaint = _status_complaint(token)
    if complaint.stage == Stage.CLOSED:
        return _closed(request)
    return render(
        request,
        "complaints/public/status.html",
        {
            "complaint": complaint,
            "token": token,
            "stage_text": PUBLIC_STAGE_TEXT[complaint.stage],
            "can_withdraw": complaint.stage in OPEN_STAGES,
            "withdraw_form": WithdrawForm(),
        },
    )


@never_cache
@require_POST
def withdraw(request, token):
    complaint = _status_complaint(token)
    if complaint.stage == Stage.CLOSED:
        return _closed(request)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_withdraw_by_complainant(token=token, reasons=form.cleaned_data["reasons"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your complaint has been withdrawn. We have emailed you to confirm.")
        return redirect("complaints:status", token=token)
    return render(
        request,
        "complaints/public/status.html",
        {
            "complaint": complaint,
            "token": token,
            "stage_text": PUBLIC_STAGE_TEXT[complaint.stage],
            "can_withdraw": complaint.stage in OPEN_STAGES,
            "withdraw_form": form,
        },
        status=400,
    )


def register(request):
    number = request.GET.get("page") or "1"

    def table():
        return render_to_string(
            "complaints/public/_register_table.html", {"page": selectors.register(page=number)}
        )

    # A page number as the register's own links write it is kept (complaints.register_cache);
    # anything else (which Django's paginator reads as the first or last page) is worked out.
    plain = number.isascii() and number.isdigit() and len(number) <= 4
    html = register_cache.REGISTER.page(("register", int(number)), table) if plain else table()
    # Our template's output, escaped when it was rendered.
    return render(request, "complaints/public/register.html", {"table": mark_safe(html)})  # noqa: S308


def register_entry(request, pk):
    try:
        notice = selectors.register_entry(pk)
    except DecisionNotice.DoesNotExist:
        raise Http404("No published decision has this number.") from None
    return render(request, "complaints/public/register_entry.html", {"notice": notice})
