"""The back office: people, committees, roles and the audit trail.

Admin actions and extra views are thin: they call portal.services or
portal.imports and turn a DomainError into a message.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.forms import CheckboxSelectMultiple
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django_tasks_db.models import DBTaskResult

from portal import imports, services
from portal.admin_kit import ReadOnlyAdmin
from portal.errors import DomainError
from portal.forms import (
    MemberImportConfirmForm,
    MemberImportUploadForm,
    PortalUserChangeForm,
    PortalUserCreationForm,
)
from portal.models import AuditEvent, Authority, Committee, CommitteeMembership, Member, ScheduledJob, User

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


# --- Members ------------------------------------------------------------------


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


# --- Users and roles ----------------------------------------------------------


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = ("email", "full_name", "roles", "is_active", "is_staff", "last_login", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    date_hierarchy = "date_joined"
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ("user_permissions",)
    actions = ["send_password_reset_links"]
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                # Nobody sets another person's password: the new login has none
                # until its owner follows a reset link or an invitation.
                "fields": ("email", "full_name"),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        access = ["is_active", "is_staff", "groups", "roles_you_cannot_change"]
        if request.user.is_superuser:
            access = ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]
        return (
            (None, {"fields": ("email", "password")}),
            ("Personal details", {"fields": ("full_name",)}),
            ("Access", {"fields": access}),
            ("Important dates", {"fields": ("last_login", "date_joined")}),
        )

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
        )
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return self.list_filter
        return [name for name in self.list_filter if name != "is_superuser"]

    def has_view_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_view_permission(request, obj)

    # Account takeover: who may change what (portal.services has the rule).

    def has_change_permission(self, request, obj=None):
        if obj is not None and not services.account_changeable(target=obj, actor=request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not services.account_details_changeable(target=obj, actor=request.user):
            return (*self.readonly_fields, *LOCKED_FOR_OTHERS)
        return self.readonly_fields

    def _refuse(self, request, target, attempted, reason):
        services.account_change_refusal_record(
            actor=request.user, target=target, attempted=attempted, reason=reason
        )
        raise PermissionDenied(reason)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Refusals are audited here, before the admin's transaction would roll the row back.
        if request.method == "POST":
            target = self.get_object(request, unquote(object_id))
            if target is not None:
                self._audit_locked_changes(request, target)
        return super().change_view(request, object_id, form_url, extra_context)

    def _audit_locked_changes(self, request, target):
        if not services.account_changeable(target=target, actor=request.user):
            if self.has_view_permission(request, target):
                self._refuse(request, target, "change the account", "Only an administrator can change it.")
            return
        self._audit_reserved_roles(request, target)
        if services.account_details_changeable(target=target, actor=request.user):
            return
        attempted = [
            field
            for field in ("email", "full_name")
            if field in request.POST and request.POST[field].strip() != getattr(target, field)
        ]
        if attempted:
            services.account_change_refusal_record(
                actor=request.user,
                target=target,
                attempted="change " + " and ".join(attempted),
                reason="Only an administrator can change another person's sign-in details.",
            )
            self.message_user(
                request,
                "Only an administrator can change another person's email address or name; "
                "those were left as they were.",
                messages.WARNING,
            )

    def _audit_reserved_roles(self, request, target):
        """The form offers only grantable roles; a request for any other is refused and recorded."""
        if request.user.is_superuser or "groups" not in request.POST:
            return
        posted = {int(pk) for pk in request.POST.getlist("groups") if pk.isdigit()}
        current = set(target.groups.values_list("pk", flat=True))
        reserved = (posted ^ current) - grantable_group_ids(request.user)
        if reserved:
            names = sorted(Group.objects.filter(pk__in=reserved).values_list("name", flat=True))
            services.account_change_refusal_record(
                actor=request.user,
                target=target,
                attempted="grant or remove " + ", ".join(names),
                reason="Only an administrator can give or take these roles.",
            )

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password: send them a reset link instead."""
        target = self.get_object(request, unquote(id))
        if target is not None and target.pk != request.user.pk:
            self._refuse(
                request,
                target,
                "set the password",
                "Nobody sets another person's password. Send them a reset link instead.",
            )
        return super().user_change_password(request, id, form_url)

    def delete_view(self, request, object_id, extra_context=None):
        target = self.get_object(request, unquote(object_id))
        if target is not None and not request.user.is_superuser and self.has_view_permission(request, target):
            self._refuse(
                request, target, "delete the account", "Only an administrator can delete an account."
            )
        return super().delete_view(request, object_id, extra_context)

    @admin.action(
        description="Email the selected people a link to reset their password", permissions=["change"]
    )
    def send_password_reset_links(self, request, queryset):
        for user in queryset:
            try:
                services.password_reset_link_send(user=user, actor=request.user)
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"Password reset link sent to {user.email}.", messages.SUCCESS)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(pk__in=grantable_group_ids(request.user)).order_by(
                "name"
            )
            kwargs["widget"] = CheckboxSelectMultiple
            kwargs["help_text"] = (
                "The roles this person has. You can only give roles you are allowed to grant."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="roles")
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all()) or "–"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form
        if "groups" in form.base_fields and not services.account_roles_changeable(
            target=obj, actor=request.user
        ):
            form.base_fields["groups"].disabled = True
        # The form lists the roles the actor cannot grant, which saving keeps.
        return type(form.__name__, (form,), {"grantable_group_ids": grantable_group_ids(request.user)})

    def save_model(self, request, obj, form, change):
        # The form has no such fields for people who may not change them; this
        # is the service's second check.
        if change:
            try:
                services.account_details_check(target=obj, actor=request.user, changed=form.changed_data)
            except services.AccountChangeRefused as refusal:
                raise PermissionDenied(str(refusal)) from None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Save roles through the service, keeping roles the actor cannot grant."""
        wanted = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if wanted is None:
            return
        user = form.instance
        if form.fields["groups"].disabled:
            return
        grantable = grantable_group_ids(request.user)
        kept = [group for group in user.groups.all() if group.pk not in grantable]
        services.user_roles_set(user=user, groups=[*wanted, *kept], actor=request.user)


# Django registers its own Group admin; the portal's shows roles read-only to officers.
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "permission_count", "user_count")
    search_fields = ("name",)
    ordering = ("name",)
    filter_horizontal = ("permissions",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                permission_total=Count("permissions", distinct=True),
                user_total=Count("user", distinct=True),
            )
        )

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":
            kwargs["queryset"] = db_field.remote_field.model.objects.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("name", "permission_list")

    def get_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ("name", "permissions")
        return ("name", "permission_list")

    @admin.display(description="permissions")
    def permission_list(self, obj):
        permissions = obj.permissions.select_related("content_type").order_by(
            "content_type__app_label", "codename"
        )
        return format_html_join("", "<div>{}</div>", ((p.name,) for p in permissions))

    @admin.display(description="permissions", ordering="permission_total")
    def permission_count(self, obj):
        return obj.permission_total

    @admin.display(description="people", ordering="user_total")
    def user_count(self, obj):
        return obj.user_total

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


# --- Audit trail --------------------------------------------------------------


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


# --- Background tasks -----------------------------------------------------------

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
