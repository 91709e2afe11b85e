"""The back office: people, committees, roles and the audit trail.."""

from django.contrib import admin
from django.db.models import Count

from portal import services
from portal.models import Authority, Committee, CommitteeMembership

# Who may change whose account, and grant which role, is decided in
# portal.services (the back office and every other caller share one rule).
grantable_group_ids = services.grantable_group_ids

# The fields of another person's account that only a superuser may change.
LOCKED_FOR_OTHERS = ("email", "full_name", "is_active", "is_staff")


# --- Authorities and committees ---------------------------------------------


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "clerk_name", "clerk_email")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "clerk_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    ordering = ("kind", "name")


class CommitteeMembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    fields = ("committee", "member", "role", "start_date", "end_date")
    ordering = ("-start_date",)


class MembershipOnCommitteeInline(CommitteeMembershipInline):
    autocomplete_fields = ("member",)
    fields = ("member", "role", "start_date", "end_date")
    verbose_name_plural = "members"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class MembershipOnMemberInline(CommitteeMembershipInline):
    autocomplete_fields = ("committee",)
    fields = ("committee", "role", "start_date", "end_date")
    verbose_name_plural = "committees"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee")


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "authority", "is_active", "member_count")
    list_filter = ("is_active", "authority__kind", "authority")
    list_select_related = ("authority",)
    search_fields = ("name", "authority__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("authority",)
    ordering = ("authority__name", "name")
    inlines = [MembershipOnCommitteeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships", distinct=True))

    @admin.display(description="memberships", ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(admin.ModelAdmin):
    list_display = ("member", "committee", "authority", "role", "start_date", "end_date")
    list_filter = ("role", "committee__authority", "committee")
    list_select_related = ("member", "committee__authority")
    search_fields = ("member__first_name", "member__last_name", "committee__name")
    autocomplete_fields = ("member", "committee")
    date_hierarchy = "start_date"
    ordering = ("committee__name", "-start_date")

    @admin.display(description="authority", ordering="committee__authority__name")
    def authority(self, obj):
        return obj.committee.authority
