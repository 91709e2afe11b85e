"""Audit trail."""

from django.contrib import admin

from portal.admin_kit import ReadOnlyAdmin
from portal.models import AuditEvent, ScheduledJob


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "note")
    list_filter = ("action", "content_type")
    list_select_related = ("actor", "content_type")
    search_fields = ("note", "actor__email", "object_id")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = ("created_at", "actor", "action", "content_type", "object_id", "note", "data")
    readonly_fields = fields


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdmin):
    """When each periodic job last ran (the task worker runs them; see portal.scheduler)."""

    list_display = ("name", "last_started_at", "last_finished_at", "last_outcome", "runs")
    fields = ("name", "last_started_at", "last_finished_at", "last_outcome", "runs", "last_output")
    readonly_fields = fields
