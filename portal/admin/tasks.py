"""Background tasks."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from portal.admin_kit import ReadOnlyAdmin

# django_tasks_db's own admin shows each task's arguments and return value; the
# portal's shows only what an operator needs, never a payload.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("id", "task_name", "status", "enqueued_at", "started_at", "finished_at")
    list_filter = ("status", "queue_name")
    ordering = ("-enqueued_at",)
    fields = ("id", "task_name", "status", "queue_name", "enqueued_at", "started_at", "finished_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("args_kwargs", "return_value", "traceback")

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
