"""The back office for the registers: the headings (data an administrator may change) and, for the
Monitoring Officer, each register's trail. Returns, entries and decisions are written by the services
through the registers' own pages, never here."""

from django.contrib import admin

from portal.admin_kit import ReadOnlyAdmin, ReadOnlyInline

from . import access
from .models import Category, InterestEvent, Register


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "position", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        # A heading with entries stays for the history; untick "active" instead.
        return False


class EventInline(ReadOnlyInline):
    model = InterestEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "note"]
    ordering = ["-created_at"]


@admin.register(Register)
class RegisterAdmin(ReadOnlyAdmin):
    """Each register's trail, for the Monitoring Officer (an administrator without the role sees nothing)."""

    list_display = ["member", "first_submitted_at", "last_submitted_at", "published_at"]
    list_select_related = ["member__authority"]
    search_fields = ["member__search_text"]
    inlines = [EventInline]

    def has_view_permission(self, request, obj=None):
        return access.is_registers_officer(request.user)

    def has_module_permission(self, request):
        return access.is_registers_officer(request.user)
