"""Members."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from portal import imports, services
from portal.admin.base import MembershipOnMemberInline
from portal.errors import DomainError
from portal.forms import (
    MemberImportConfirmForm,
    MemberImportUploadForm,
)
from portal.models import Member


class HasLoginFilter(admin.SimpleListFilter):
    title = "has a login"
    parameter_name = "has_login"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No"), ("invited", "Invited, not yet signed in")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(user__isnull=False)
        if self.value() == "no":
            return queryset.filter(user__isnull=True)
        if self.value() == "invited":
            return queryset.filter(invited_at__isnull=False, user__last_login__isnull=True)
        return queryset


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = (
        "last_name",
        "first_name",
        "authority",
        "member_type",
        "ward",
        "political_group",
        "status",
        "has_login",
        "invited_at",
    )
    list_display_links = ("last_name", "first_name")
    list_filter = (
        "status",
        "member_type",
        "authority__kind",
        "authority",
        "political_group",
        ("committee_memberships__committee", admin.RelatedOnlyFieldListFilter),
        HasLoginFilter,
    )
    list_select_related = ("authority", "user")
    # search_text holds name, email, ID, ward and group, lower-cased, under one
    # trigram index; get_search_results lower-cases the terms to match.
    search_fields = ("search_text__contains",)
    search_help_text = "Search by name, email, committee-system ID, ward or political group."
    autocomplete_fields = ("authority", "user")
    readonly_fields = ("invited_at", "user_last_login", "created_at", "updated_at")
    ordering = ("last_name", "first_name")
    inlines = [MembershipOnMemberInline]
    actions = ["invite_members"]
    fieldsets = (
        (None, {"fields": ("first_name", "last_name", "email", "member_type", "external_id")}),
        ("Seat", {"fields": ("authority", "ward", "political_group", "term_start", "term_end")}),
        ("Status", {"fields": ("status", "left_on")}),
        ("Login", {"fields": ("user", "invited_at", "user_last_login")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Logins are linked by invitations; only an administrator links one by hand.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "user")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.lower())

    @admin.display(boolean=True, description="has a login", ordering="user")
    def has_login(self, obj):
        return obj.user_id is not None

    @admin.display(description="last signed in")
    def user_last_login(self, obj):
        return obj.user.last_login if obj.user and obj.user.last_login else "Never"

    def has_invite_permission(self, request):
        return request.user.has_perm("portal.invite_member")

    def has_import_permission(self, request):
        return request.user.has_perm("portal.import_members")

    @admin.action(description="Invite selected members to sign in", permissions=["invite"])
    def invite_members(self, request, queryset):
        for member in queryset:
            self._invite(request, member)

    def _invite(self, request, member):
        try:
            user = services.member_invite(member=member, actor=request.user)
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request, f"Invitation sent to {member.full_name} at {user.email}.", messages.SUCCESS
            )

    # Extra pages ------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="portal_member_import"),
            path("import/example.csv", view(self.import_example_view), name="portal_member_import_example"),
            path("<path:object_id>/invite/", view(self.invite_view), name="portal_member_invite"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_invite": self.has_invite_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def invite_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_invite_permission(request):
            raise PermissionDenied
        member = get_object_or_404(Member, pk=object_id)
        self._invite(request, member)
        return HttpResponseRedirect(reverse("admin:portal_member_change", args=[member.pk]))

    def import_example_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(imports.EXAMPLE_CSV, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="members-example.csv"'
        return response

    def import_view(self, request):
        """Upload a file, see what it would do, then confirm (all or nothing)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "payload" in request.POST:
            return self._import_confirm(request)
        if request.method == "POST":
            form = MemberImportUploadForm(request.POST, request.FILES)
            if form.is_valid():
                confirm = MemberImportConfirmForm(initial={"payload": form.signed_payload()})
                return self._render_import(
                    request,
                    "admin/portal/member/import_preview.html",
                    preview=form.preview,
                    filename=form.cleaned_data["file"].name,
                    confirm_form=confirm if form.preview.is_valid else None,
                )
        else:
            form = MemberImportUploadForm()
        return self._render_import(request, "admin/portal/member/import_upload.html", form=form)

    def _import_confirm(self, request):
        confirm = MemberImportConfirmForm(request.POST)
        if not confirm.is_valid():
            for error in confirm.errors.get("payload", []):
                self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:portal_member_import"))
        data = confirm.cleaned_data["payload"]
        filename = str(data.get("filename", ""))[:200]
        try:
            result = imports.members_import(csv_text=data["csv"], actor=request.user, filename=filename)
        except imports.ImportRejected as rejected:
            return self._render_import(
                request,
                "admin/portal/member/import_preview.html",
                preview=rejected.preview,
                filename=filename,
                confirm_form=None,
            )
        except imports.ImportFileError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:portal_member_import"))
        self.message_user(
            request,
            f"Import finished: {result.created} member(s) created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.memberships_added} committee place(s) added.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:portal_member_changelist"))

    def _render_import(self, request, template, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import members from CSV",
            "required_columns": imports.REQUIRED_COLUMNS,
            "optional_columns": imports.OPTIONAL_COLUMNS,
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, context)
