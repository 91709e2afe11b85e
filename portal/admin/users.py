"""Users and roles."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.forms import CheckboxSelectMultiple
from django.utils.html import format_html_join

from portal import services
from portal.admin.base import LOCKED_FOR_OTHERS, grantable_group_ids
from portal.errors import DomainError
from portal.forms import (
    PortalUserChangeForm,
    PortalUserCreationForm,
)
from portal.models import User


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
