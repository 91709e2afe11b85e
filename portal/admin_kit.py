"""Pieces every app's admin shares.

Records that services write (history, events, audit rows, acknowledgements)
are shown in the back office but never added, changed or deleted there: the
back office is for looking, and for actions that call services.
"""

from django.contrib import admin


class ReadOnlyMixin:
    """Nothing can be added, changed or deleted through this admin; viewing is left to the permissions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A list and detail pages of records written elsewhere."""


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    """Rows shown under their parent, as a table, with no form controls."""

    extra = 0
    can_delete = False
    show_change_link = False
