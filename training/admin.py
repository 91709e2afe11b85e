"""The training back office. Statuses are read-only; actions and saves that change state call services."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from portal.admin_kit import ReadOnlyAdmin
from portal.errors import DomainError
from training import services
from training.models import (
    Booking,
    CommitteeRequirement,
    Completion,
    Course,
    CourseAssignment,
    Event,
    InductionAssignment,
    InductionItem,
    InductionPack,
    Session,
)

MANAGE = "training.manage_training"


class ManageActionsMixin:
    """Actions marked ``permissions=["manage"]`` need training.manage_training."""

    def has_manage_permission(self, request):
        return request.user.has_perm(MANAGE)


def _report(model_admin, request, done, errors, what):
    if done:
        model_admin.message_user(request, f"{what}: {done}.", messages.SUCCESS)
    for error in errors:
        model_admin.message_user(request, error, messages.ERROR)


# --- Courses ------------------------------------------------------------------------


class CommitteeRequirementInline(admin.TabularInline):
    model = CommitteeRequirement
    extra = 0
    autocomplete_fields = ("committee",)
    verbose_name = "committee that requires this course"
    verbose_name_plural = "committees that require this course"


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "delivery", "requirement", "refresher", "is_listed")
    list_filter = ("is_listed", "delivery", "provider", "requirement")
    search_fields = ("title", "summary", "provider_name")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("guidance_documents",)
    inlines = [CommitteeRequirementInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description", "is_listed")}),
        (
            "Delivery",
            {"fields": ("provider", "provider_name", "delivery", "duration_minutes", "e_learning_url")},
        ),
        (
            "Who must take it",
            {"fields": ("audience", "requirement", "due_within_days", "refresher_months")},
        ),
        ("Reading", {"fields": ("guidance_documents",)}),
    )

    @admin.display(description="refresher")
    def refresher(self, obj):
        return obj.refresher_label

    def view_on_site(self, obj):
        return obj.get_absolute_url()


# --- Sessions and bookings -------------------------------------------------------------


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    can_delete = False
    fields = ("member", "status", "attendance", "booked_at", "queued_at")
    readonly_fields = fields
    ordering = ("status", "queued_at", "pk")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


@admin.register(Session)
class SessionAdmin(ManageActionsMixin, admin.ModelAdmin):
    list_display = ("course", "starts_at", "where", "capacity", "booked", "waiting", "status")
    list_filter = ("status", "course__delivery", "course")
    list_select_related = ("course",)
    search_fields = ("course__title", "venue", "trainer")
    autocomplete_fields = ("course",)
    date_hierarchy = "starts_at"
    readonly_fields = ("status", "cancelled_reason", "cancelled_at", "portal_links")
    inlines = [BookingInline]
    actions = ["fill_from_waiting_list"]
    fieldsets = (
        (None, {"fields": ("course", "starts_at", "ends_at", "trainer", "capacity")}),
        ("Where", {"fields": ("venue", "joining_link", "notes")}),
        ("Deadlines", {"fields": ("booking_deadline", "cancel_by")}),
        ("Status", {"fields": ("status", "cancelled_reason", "cancelled_at", "portal_links")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                booked_total=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
                waiting_total=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
            )
        )

    @admin.display(description="booked", ordering="booked_total")
    def booked(self, obj):
        return obj.booked_total

    @admin.display(description="waiting", ordering="waiting_total")
    def waiting(self, obj):
        return obj.waiting_total

    @admin.display(description="where")
    def where(self, obj):
        return obj.venue or ("Online" if obj.joining_link else "")

    @admin.display(description="in the portal")
    def portal_links(self, obj):
        if not obj.pk:
            return "Save the session first."
        return format_html(
            '<a href="{}">Session page</a> · <a href="{}">Register</a> · <a href="{}">Cancel the session</a>',
            reverse("training:session", args=[obj.pk]),
            reverse("training:register", args=[obj.pk]),
            reverse("training:session_cancel", args=[obj.pk]),
        )

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.session_fill_from_waiting_list(session=obj, actor=request.user)
            if promoted:
                self.message_user(
                    request,
                    f"{len(promoted)} member(s) moved from the waiting list into the new places and emailed.",
                    messages.SUCCESS,
                )

    @admin.action(description="Give free places to the waiting list", permissions=["manage"])
    def fill_from_waiting_list(self, request, queryset):
        promoted = 0
        for session in queryset:
            promoted += len(services.session_fill_from_waiting_list(session=session, actor=request.user))
        self.message_user(request, f"{promoted} member(s) given a place.", messages.SUCCESS)


@admin.register(Booking)
class BookingAdmin(ManageActionsMixin, admin.ModelAdmin):
    list_display = ("member", "session", "status", "attendance", "booked_at", "queued_at", "booked_by")
    list_filter = ("status", "attendance", "session__course")
    list_select_related = ("member", "session__course", "booked_by")
    search_fields = ("member__first_name", "member__last_name", "session__course__title")
    date_hierarchy = "created_at"
    readonly_fields = (
        "session",
        "member",
        "status",
        "queued_at",
        "booked_at",
        "cancelled_at",
        "booked_by",
        "attendance",
        "attendance_marked_at",
        "attendance_marked_by",
        "reminded_at",
    )
    fields = readonly_fields
    actions = ["cancel_places"]

    def has_add_permission(self, request):
        return False  # members book in the portal; Member Support books on a member's behalf there too

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Cancel the selected places (or waiting-list places)", permissions=["manage"])
    def cancel_places(self, request, queryset):
        done, errors = 0, []
        for booking in queryset.select_related("session", "member"):
            try:
                result = services.booking_cancel(booking=booking, actor=request.user, override_cutoff=True)
            except DomainError as error:
                errors.append(f"{booking}: {error}")
            else:
                done += int(result.changed)
        _report(self, request, done, errors, "Places cancelled")


# --- Completions and assignments ----------------------------------------------------------


@admin.register(Completion)
class CompletionAdmin(ManageActionsMixin, admin.ModelAdmin):
    list_display = ("member", "course", "source", "status", "completed_on", "expires_on")
    list_filter = ("status", "source", "course")
    list_select_related = ("member", "course")
    search_fields = ("member__first_name", "member__last_name", "course__title", "issued_by")
    autocomplete_fields = ("member", "course")
    date_hierarchy = "completed_on"
    actions = ["verify"]
    add_fields = ("member", "course", "source", "completed_on", "issued_by")

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_fields
        return (
            "member",
            "course",
            "source",
            "status",
            "completed_on",
            "expires_on",
            "booking",
            "issued_by",
            "member_note",
            "evidence_link",
            "recorded_by",
            "verified_by",
            "verified_at",
            "rejection_reason",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return self.get_fields(request, obj)

    @admin.display(description="evidence")
    def evidence_link(self, obj):
        if not obj.evidence:
            return "None"
        return format_html(
            '<a href="{}">{}</a>', reverse("training:evidence", args=[obj.pk]), obj.evidence_name
        )

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = services.completion_record(
            member=obj.member,
            course=obj.course,
            completed_on=obj.completed_on,
            source=obj.source,
            issued_by=obj.issued_by,
            actor=request.user,
        )
        obj.__dict__.update(created.__dict__)

    @admin.action(description="Verify the selected declarations", permissions=["manage"])
    def verify(self, request, queryset):
        done, errors = 0, []
        for completion in queryset.filter(status=Completion.Status.PENDING):
            try:
                services.completion_verify(completion=completion, actor=request.user)
                done += 1
            except DomainError as error:
                errors.append(str(error))
        _report(self, request, done, errors, "Verified")


@admin.register(CourseAssignment)
class CourseAssignmentAdmin(ManageActionsMixin, admin.ModelAdmin):
    list_display = ("member", "course", "status", "due_on", "assigned_at", "assigned_by")
    list_filter = ("status", "course")
    list_select_related = ("member", "course", "assigned_by")
    search_fields = ("member__first_name", "member__last_name", "course__title", "reason")
    autocomplete_fields = ("member", "course")
    actions = ["withdraw"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("member", "course", "due_on", "reason")
        return ("member", "course", "status", "due_on", "reason", "assigned_by", "assigned_at", "closed_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = services.course_assign(
            member=obj.member, course=obj.course, actor=request.user, due_on=obj.due_on, reason=obj.reason
        )
        obj.__dict__.update(created.__dict__)

    @admin.action(description="Withdraw the selected assignments", permissions=["manage"])
    def withdraw(self, request, queryset):
        done = 0
        for assignment in queryset.filter(status=CourseAssignment.Status.OUTSTANDING):
            services.assignment_withdraw(assignment=assignment, actor=request.user)
            done += 1
        _report(self, request, done, [], "Withdrawn")


# --- Induction -------------------------------------------------------------------------


class InductionItemInline(admin.TabularInline):
    model = InductionItem
    extra = 1
    fields = ("position", "document", "course", "step", "due_days", "note")
    autocomplete_fields = ("course",)


@admin.register(InductionPack)
class InductionPackAdmin(ManageActionsMixin, admin.ModelAdmin):
    list_display = ("name", "opens_on", "auto_assign", "is_active", "item_count", "member_count")
    list_filter = ("is_active", "auto_assign")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [InductionItemInline]
    actions = ["remind_behind"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                items_total=Count("items", distinct=True), members_total=Count("assignments", distinct=True)
            )
        )

    @admin.display(description="items", ordering="items_total")
    def item_count(self, obj):
        return obj.items_total

    @admin.display(description="members", ordering="members_total")
    def member_count(self, obj):
        return obj.members_total

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # A new pack gets the steps every pack has (the register of interests, for one).
            services.induction_pack_add_every_pack_steps(pack=form.instance)

    @admin.action(description="Remind members who are behind", permissions=["manage"])
    def remind_behind(self, request, queryset):
        sent = 0
        for pack in queryset:
            sent += services.induction_remind(
                assignments=InductionAssignment.objects.filter(pack=pack), actor=request.user
            )
        self.message_user(request, f"Reminders sent: {sent}.", messages.SUCCESS)


@admin.register(InductionAssignment)
class InductionAssignmentAdmin(admin.ModelAdmin):
    list_display = ("member", "pack", "start_date", "how", "assigned_at", "last_reminded_at")
    list_filter = ("pack", "how")
    list_select_related = ("member", "pack")
    search_fields = ("member__first_name", "member__last_name", "pack__name")
    autocomplete_fields = ("member",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("pack", "member", "start_date")
        return ("pack", "member", "start_date", "how", "assigned_by", "assigned_at", "last_reminded_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        created, _ = services.induction_assign(
            pack=obj.pack, member=obj.member, actor=request.user, start_date=obj.start_date
        )
        obj.__dict__.update(created.__dict__)


# --- The trail ---------------------------------------------------------------------------


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "member", "session", "from_status", "to_status", "actor", "note")
    list_filter = ("action",)
    list_select_related = ("member", "session__course", "actor")
    search_fields = ("member__first_name", "member__last_name", "note")
    date_hierarchy = "created_at"
