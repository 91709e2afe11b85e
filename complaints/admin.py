"""The back office for case files: for the Monitoring Officer and Deputy only, and read-only.

Cases move only through the case pages (complaints.services), so the admin
changes nothing; it lists, filters and searches, offers an action that calls
a service, and records every case it shows in the access log.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from complaints import access, services
from complaints.models import CaseAccess, CaseEvent, Complaint, DecisionNotice, Sanction
from complaints.stages import Stage
from portal.admin_kit import ReadOnlyMixin
from portal.errors import DomainError

PERMISSION = access.MANAGE


class CaseworkOnly(ReadOnlyMixin):
    """Every permission hook asks for complaints.manage_cases; nothing can be added, changed or deleted."""

    def has_module_permission(self, request):
        return access.is_case_officer(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_case_officer(request.user)


class LoggedInAccessLog:
    """Every page of the back office that shows a case's data is written to the case's access log:
    a list writes one row for each case on it, an opened record one row for its case."""

    def case_of(self, obj):
        return obj.complaint

    def log_detail(self, obj) -> str:
        return f"{self.model._meta.verbose_name.capitalize()}: {obj}"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = list(changelist.result_list)
            search = request.GET.get("q", "").strip()
            services.access_record_listed(
                complaints=[self.case_of(obj) for obj in shown],
                user=request.user,
                action=CaseAccess.Action.LISTED_IN_BACK_OFFICE,
                detail=f"{self.model._meta.verbose_name_plural.capitalize()}"
                + (f", search “{search}”" if search else ""),
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            services.access_record(
                complaint=self.case_of(obj),
                user=request.user,
                action=CaseAccess.Action.VIEWED_IN_BACK_OFFICE,
                detail=self.log_detail(obj),
            )
        return super().change_view(request, object_id, form_url, extra_context)


class EventInline(CaseworkOnly, admin.TabularInline):
    model = CaseEvent
    fields = ("created_at", "actor", "kind", "from_status", "to_status", "note")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Complaint)
class ComplaintAdmin(LoggedInAccessLog, CaseworkOnly, admin.ModelAdmin):
    list_display = (
        "reference",
        "subject_member",
        "subject_authority",
        "stage",
        "source",
        "received_at",
        "due_on",
    )
    list_filter = ("stage", "outcome", "source", "confidentiality", "subject_authority__kind")
    list_select_related = ("subject_member", "subject_authority")
    search_fields = ("reference",)
    search_help_text = "Search by reference, e.g. FDC/2026/0042."
    date_hierarchy = "received_at"
    ordering = ("-received_at",)
    actions = ["acknowledge"]
    inlines = [EventInline]
    fieldsets = (
        (None, {"fields": ("reference", "case_page", "stage", "outcome", "source")}),
        ("Member", {"fields": ("subject_member", "subject_authority", "subject_description")}),
        (
            "Dates",
            {
                "fields": (
                    "received_at",
                    "acknowledged_at",
                    "due_on",
                    "paused_since",
                    "decided_at",
                    "closed_at",
                )
            },
        ),
        ("Confidentiality", {"fields": ("confidentiality", "confidentiality_decision_reasons")}),
    )
    readonly_fields = (
        "reference",
        "case_page",
        "stage",
        "outcome",
        "source",
        "subject_member",
        "subject_authority",
        "subject_description",
        "received_at",
        "acknowledged_at",
        "due_on",
        "paused_since",
        "decided_at",
        "closed_at",
        "confidentiality",
        "confidentiality_decision_reasons",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).confirmed()

    @admin.display(description="case file")
    def case_page(self, obj):
        return format_html(
            '<a href="{}">Open the case file</a>', reverse("complaints:case_detail", args=[obj.pk])
        )

    def case_of(self, obj):
        return obj

    def log_detail(self, obj) -> str:
        return ""

    @admin.action(description="Acknowledge selected complaints", permissions=["view"])
    def acknowledge(self, request, queryset):
        done = 0
        for complaint in queryset.filter(stage=Stage.RECEIVED):
            try:
                services.complaint_move(complaint=complaint, target=Stage.ACKNOWLEDGED, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{complaint}: {error}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request, f"{done} complaint{'s' if done != 1 else ''} acknowledged.", messages.SUCCESS
        )


@admin.register(DecisionNotice)
class DecisionNoticeAdmin(LoggedInAccessLog, CaseworkOnly, admin.ModelAdmin):
    list_display = ("title", "decision", "created_at", "published_at")
    list_filter = ("decision", ("published_at", admin.EmptyFieldListFilter))
    list_select_related = ("complaint",)
    search_fields = ("complaint__reference", "title")
    readonly_fields = (
        "complaint",
        "decision",
        "title",
        "text_for_parties",
        "public_text",
        "created_at",
        "published_at",
    )
    fields = readonly_fields

    @admin.display(description="text for the parties")
    def text_for_parties(self, obj):
        # Named or not as the confidentiality decision stands now, as the parties read it.
        return obj.for_parties


@admin.register(Sanction)
class SanctionAdmin(LoggedInAccessLog, CaseworkOnly, admin.ModelAdmin):
    list_display = ("complaint", "kind", "is_recommendation", "due_on", "compliance", "parish_action")
    list_filter = ("kind", "compliance", "is_recommendation", "parish_action")
    list_select_related = ("complaint",)
    search_fields = ("complaint__reference",)
    readonly_fields = (
        "complaint",
        "kind",
        "details",
        "is_recommendation",
        "due_on",
        "compliance",
        "complied_on",
        "parish_action",
        "compliance_notes",
    )
    fields = readonly_fields
