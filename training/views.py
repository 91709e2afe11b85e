"""Training pages. Thin: parse a form, call one service, turn a refusal into a message, redirect.

Members see courses and their own bookings and record; another member's booking,
record or evidence is a 404. Member Support (training.manage_training) also
sees registers, the waiting lists, verification, induction cohorts and
committee eligibility.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.access import SIGNED_IN, get_for_user, member_or_404, section
from portal.csvexport import csv_response
from portal.errors import DomainError
from portal.models import Member
from portal.selectors import member_for
from portal.uploads import download_response
from training import calendar, forms, page_cache, selectors, services
from training.models import (
    Booking,
    CalendarFeed,
    Completion,
    Course,
    CourseAssignment,
    Session,
    feed_token_hash,
)

VIEW = "training.view_training"
MANAGE = "training.manage_training"


training_user = section(SIGNED_IN, act=VIEW)
training_manager = section(SIGNED_IN, act=MANAGE)
# Inside training: a page about one member, which other members may not know exists.
managers_only_or_404 = section(MANAGE, sign_in=False)


def _safe_next(request, default):
    """Where to go back to: a path on this site, else ``default`` (never a view name or another site)."""
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


def _page_number(request):
    return request.GET.get("page") or 1


# --- Courses --------------------------------------------------------------------


@training_user
def courses(request):
    member = member_for(request.user)

    def render_part():
        form = forms.CourseFilterForm(request.GET or None)
        delivery, mandatory = "", False
        if form.is_bound and form.is_valid():
            delivery = form.cleaned_data["delivery"]
            mandatory = form.cleaned_data["mandatory"]
        page = selectors.course_list(
            member, delivery=delivery, mandatory=mandatory, page_number=_page_number(request)
        )
        page.object_list = list(page.object_list)
        html = render_to_string(
            "training/_course_list_part.html",
            {
                "member": member,
                "page": page,
                "form": form,
                "filtered": bool(delivery or mandatory),
                "query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
            },
        )
        # A course's next session stops being upcoming when it starts: render again by then.
        starts = [course.next_session_at for course in page if course.next_session_at is not None]
        return mark_safe(html), min(starts, default=None)  # noqa: S308 - rendered by our template

    # Who reads it: the member (what is offered to them, what they have done or booked).
    key = page_cache.key("courses", request.user.pk, member and member.pk, sorted(request.GET.lists()))
    return render(
        request,
        "training/course_list.html",
        {
            "member": member,
            "courses_part": page_cache.cached(key, render_part),
            "manager": selectors.can_manage(request.user),
        },
    )


@training_user
@never_cache
def course(request, slug):
    member = member_for(request.user)
    manager = selectors.can_manage(request.user)
    page = selectors.course_page(slug, member, show_unlisted=manager, user=request.user)
    return render(
        request, "training/course_detail.html", {"member": member, "page": page, "manager": manager}
    )


# --- Sessions and booking ---------------------------------------------------------


@training_user
@never_cache
def session(request, pk):
    member = member_for(request.user)
    manager = selectors.can_manage(request.user)
    if manager:
        # Member Support's view names who booked each place (users, whose writes are not watched).
        page = selectors.session_page(pk, member, manager=True)
    else:
        # The page's data, not its HTML (which has the form's token and compares times with now):
        # none of it depends on the time, so it is kept until a write, per reader.
        key = page_cache.key("session", request.user.pk, member and member.pk, pk)
        page = page_cache.cached(key, lambda: (selectors.session_page(pk, member, manager=False), None))
    return render(
        request,
        "training/session_detail.html",
        {"member": member, "page": page, "session": page.session, "manager": manager, "now": timezone.now()},
    )


def _may_see_session(user, session) -> bool:
    """An unlisted course's sessions are Member Support's to know about."""
    return session.course.is_listed or selectors.can_manage(user)


def _visible_session(request, pk) -> Session:
    return get_for_user(request.user, Session.objects.select_related("course"), pk=pk, see=_may_see_session)


@training_user
@require_POST
def session_book(request, pk):
    session = _visible_session(request, pk)
    member = member_for(request.user)
    if member is None:
        messages.error(
            request, "Only members can book training. Your account is not linked to a member record."
        )
        return redirect(session)
    try:
        booking = services.booking_book(session=session, member=member, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(session)
    if not booking.changed:
        messages.info(request, _already_message(booking))
    elif booking.is_booked:
        messages.success(request, "Your place is booked. We have emailed you the details.")
        clashes = selectors.clashes_for(member, session)
        if clashes:
            titles = "; ".join(str(b.session) for b in clashes)
            messages.warning(request, f"This overlaps with another session you are booked on: {titles}.")
    else:
        messages.success(
            request,
            "The session is full, so you are on the waiting list. We will email you if a place comes free.",
        )
    return redirect(session)


def _already_message(booking):
    if booking.is_booked:
        return "You already have a place on this session."
    return "You are already on the waiting list for this session."


@training_user
@never_cache
def booking_cancel(request, pk):
    """GET asks "are you sure?" (a page, no script needed); POST cancels."""
    booking = selectors.booking_for(request.user, pk)
    manager = selectors.can_manage(request.user)
    if request.method != "POST":
        return render(
            request,
            "training/booking_cancel.html",
            {
                "booking": booking,
                "session": booking.session,
                "own": booking.member.user_id == request.user.pk,
                "next": _safe_next(request, booking.session.get_absolute_url()),
            },
        )
    was_waiting = booking.is_waiting
    try:
        booking = services.booking_cancel(booking=booking, actor=request.user, override_cutoff=manager)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if booking.changed:
            own = booking.member.user_id == request.user.pk
            if was_waiting:
                who = "You have" if own else f"{booking.member.display_name} has"
                messages.success(request, f"{who} left the waiting list.")
            else:
                whose = "Your place" if own else f"{booking.member.display_name}’s place"
                messages.success(request, f"{whose} has been cancelled.")
    return redirect(_safe_next(request, booking.session.get_absolute_url()))


@training_user
def session_ics(request, pk):
    session = _visible_session(request, pk)
    member = member_for(request.user)
    booked = (
        member is not None
        and Booking.objects.filter(session=session, member=member, status=Booking.Status.BOOKED).exists()
    )
    content = calendar.session_calendar(session, booked=booked)
    return calendar.calendar_response(content, filename=f"training-session-{session.pk}.ics")


@training_manager
@never_cache
def session_book_member(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = forms.BookOnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        try:
            booking = services.booking_book(
                session=session, member=member, actor=request.user, on_behalf=True
            )
        except DomainError as error:
            form.add_error("member", str(error))
        else:
            if not booking.changed:
                status = "has a place" if booking.is_booked else "is on the waiting list"
                messages.info(request, f"{member.display_name} already {status}.")
            elif booking.is_booked:
                messages.success(request, f"{member.display_name} is booked on this session.")
            else:
                messages.success(
                    request, f"The session is full: {member.display_name} is on the waiting list."
                )
            return redirect(session)
    return render(request, "training/session_book_member.html", {"session": session, "form": form})


@training_manager
@never_cache
def session_cancel(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = forms.CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(session=session, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "The session is cancelled and everyone booked or waiting has been told."
            )
            return redirect(session)
    booked = Booking.objects.filter(session=session, status__in=Booking.ACTIVE).count()
    return render(
        request, "training/session_cancel.html", {"session": session, "form": form, "booked": booked}
    )


# --- Register ---------------------------------------------------------------------


@training_manager
@never_cache
def session_register(request, pk):
    if request.method != "POST":
        return render(request, "training/register.html", _kept_register(request, pk))
    session = get_object_or_404(selectors.session_queryset(), pk=pk)
    bookings = selectors.register(session)
    form = forms.RegisterForm(request.POST, bookings=bookings)
    if form.is_valid():
        try:
            changed = services.attendance_record(session=session, marks=form.marks(), actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Register saved: {changed} change{'s' if changed != 1 else ''}."
                if changed
                else "Register saved: nothing had changed.",
            )
            return redirect("training:register", pk=session.pk)
    return render(request, "training/register.html", _register_context(session, bookings, form))


def _register_context(session, bookings, form):
    return {
        "session": session,
        "form": form,
        "rows": form.bound_rows(),
        "booked": len(bookings),
        "marked": sum(1 for b in bookings if b.attendance),
        "can_mark": timezone.localdate(session.starts_at) <= timezone.localdate(),
    }


def _kept_register(request, pk):
    """The unmarked register's context with its rows rendered, kept until a write (training.page_cache).

    The rows hold no form token (that is outside them) and depend on the day (whether it can be
    marked yet), the session, its bookings and the members with their councils.
    """

    def render_part():
        session = get_object_or_404(selectors.session_queryset(), pk=pk)
        bookings = selectors.register(session)
        context = _register_context(session, bookings, forms.RegisterForm(bookings=bookings))
        rows = render_to_string("training/_register_rows.html", context)
        context.update(rows=None, form=None, rows_html=mark_safe(rows))  # noqa: S308 - our template
        return context, None

    return page_cache.cached(page_cache.key("register", request.user.pk, pk), render_part)


@training_manager
@never_cache
def session_register_print(request, pk):
    session = get_object_or_404(selectors.session_queryset(), pk=pk)
    return render(
        request, "training/register_print.html", {"session": session, "bookings": selectors.register(session)}
    )


@training_manager
def session_register_csv(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    local = timezone.localtime(session.starts_at)
    return csv_response(
        f"register-{session.course.slug}-{local:%Y-%m-%d}.csv",
        ["First name", "Last name", "Email", "Council", "Ward", "Attendance", "Marked at"],
        selectors.register_rows(session),
    )


# --- Records ------------------------------------------------------------------------


@training_user
@never_cache
def my_record(request):
    member = member_for(request.user)
    if member is None:
        return render(request, "training/no_member_record.html")
    # Read fresh each time, as training_record does (a case's anonymisation rewrites reasons in bulk).
    assignments = list(
        CourseAssignment.objects.filter(member=member, status=CourseAssignment.Status.OUTSTANDING)
        .order_by("pk")
        .values_list("pk", "course_id", "due_on", "reason")
    )

    def render_part():
        record = selectors.training_record(member)
        html = render_to_string(
            "training/_record_part.html", {"record": record, "member": member, "own": True}
        )
        # A booked session leaves "Booked" when it ends: render again by then.
        ends = [booking.session.ends_at for booking in record.upcoming]
        return mark_safe(html), min(ends, default=None)  # noqa: S308 - rendered by our template

    key = page_cache.key("record", request.user.pk, member.pk, assignments)
    return render(
        request,
        "training/record.html",
        {"record_part": page_cache.cached(key, render_part), "member": member, "own": True},
    )


@training_user
@managers_only_or_404
@never_cache
def member_record(request, pk):
    member = get_object_or_404(Member.objects.select_related("authority"), pk=pk)
    form = forms.AssignCourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assignment = services.course_assign(
            member=member,
            course=form.cleaned_data["course"],
            actor=request.user,
            due_on=form.cleaned_data["due_on"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"{assignment.course.title} is now due for {member.display_name}.")
        return redirect("training:member_record", pk=member.pk)
    record = selectors.training_record(member)
    return render(
        request,
        "training/record.html",
        {"record": record, "member": member, "own": False, "assign_form": form},
    )


@training_manager
@require_POST
def assignment_withdraw(request, pk):
    assignment = get_object_or_404(CourseAssignment.objects.select_related("member", "course"), pk=pk)
    services.assignment_withdraw(assignment=assignment, actor=request.user)
    messages.success(
        request, f"{assignment.course.title} is no longer required of {assignment.member.display_name}."
    )
    return redirect("training:member_record", pk=assignment.member_id)


@training_user
@never_cache
def calendar_settings(request):
    member = member_or_404(request.user)
    if request.method == "POST":
        feed = services.feed_reset(member=member, actor=request.user)
        # Only a hash is stored: the new address is shown once, on the page after this.
        request.session[NEW_FEED_URL_KEY] = feed.get_absolute_url()
        messages.success(request, "Your calendar address has been reset. The old address no longer works.")
        return redirect("training:calendar_settings")
    feed = services.feed_for(member=member)
    path = feed.get_absolute_url() if feed.token else request.session.pop(NEW_FEED_URL_KEY, None)
    return render(
        request,
        "training/calendar_settings.html",
        {"feed_url": request.build_absolute_uri(path) if path else None, "member": member},
    )


NEW_FEED_URL_KEY = "training_new_feed_url"


@never_cache
def feed(request, token):
    """A member's bookings as a calendar. The secret address is the key: no sign-in."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("member"),
        token_hash=feed_token_hash(token),
        member__status=Member.Status.ACTIVE,
    )
    content = calendar.feed_calendar(feed.member, selectors.feed_bookings(feed.member))
    return calendar.calendar_response(content, filename="training.ics", download=False)


# --- Declarations and verification ----------------------------------------------------


@training_user
@never_cache
def declare(request, slug):
    member = member_or_404(request.user)
    course = get_object_or_404(Course.objects.listed(), slug=slug)
    source = Completion.Source.E_LEARNING if course.is_e_learning else Completion.Source.CERTIFICATE
    form = forms.DeclarationForm(request.POST or None, request.FILES or None, source=source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.completion_declare(
                member=member,
                course=course,
                source=source,
                completed_on=data["completed_on"],
                evidence=data["evidence"],
                issued_by=data.get("issued_by", ""),
                note=data["note"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Thank you. Member Support will check your evidence and update your record."
            )
            return redirect("training:my_record")
    return render(request, "training/declare.html", {"course": course, "form": form, "source": source})


@training_user
@never_cache
def evidence(request, pk):
    completion = selectors.completion_for(request.user, pk)
    if not completion.evidence:
        raise Http404
    return download_response(completion.evidence, filename=completion.evidence_name or "evidence")


@training_manager
@never_cache
def verification(request):
    page = selectors.verification_queue(_page_number(request))
    return render(request, "training/verification.html", {"page": page, "reject_form": forms.RejectForm()})


@training_manager
@never_cache
def completion_check(request, pk):
    completion = get_object_or_404(Completion.objects.select_related("member__authority", "course"), pk=pk)
    form = forms.RejectForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "verify":
                services.completion_verify(completion=completion, actor=request.user)
                messages.success(
                    request, f"Verified: {completion.member.display_name}, {completion.course.title}."
                )
                return redirect("training:verification")
            if request.POST.get("decision") == "reject" and form.is_valid():
                services.completion_reject(
                    completion=completion, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, f"Not accepted: {completion.member.display_name} has been told why."
                )
                return redirect("training:verification")
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("training:verification")
    return render(request, "training/completion_check.html", {"completion": completion, "form": form})


# --- Induction ---------------------------------------------------------------------------
