"""The roles matrix: which permissions each role (a Django group) carries.

Code checks permissions, never role names. This module names the roles and holds
the people-and-access part of the matrix; each feature app adds its own part in
its ``roles.py`` (found by portal.discovery), and ``role_permissions()`` joins
them. Data migrations call ``sync_roles`` so that a fresh database and an
upgraded one end with the same groups.
"""

from functools import cache

COUNCILLOR = "Councillor"
CO_OPTED_MEMBER = "Co-opted Member"
MONITORING_OFFICER = "Monitoring Officer"
DEPUTY_MONITORING_OFFICER = "Deputy Monitoring Officer"
MEMBER_SUPPORT_OFFICER = "Member Support Officer"
STEERING_GROUP_MEMBER = "Steering Group Member"
INDEPENDENT_PERSON = "Independent Person"

_MEMBER = ["portal.use_member_area"]
_PEOPLE_READ = [
    "portal.view_authority",
    "portal.view_member",
    "portal.view_committee",
    "portal.view_committeemembership",
]
_PEOPLE_WRITE = [
    f"portal.{verb}_{model}"
    for model in ("authority", "member", "committee", "committeemembership")
    for verb in ("add", "change", "delete")
]
# Uptake reports: the steering group sees figures; officers who chase people see names too.
_REPORTS_WITH_NAMES = ["portal.view_uptake_reports", "portal.view_uptake_names"]
_MONITORING_OFFICER = [
    "portal.requires_mfa",
    "portal.access_back_office",
    *_PEOPLE_READ,
    *_REPORTS_WITH_NAMES,
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    COUNCILLOR: _MEMBER,
    CO_OPTED_MEMBER: _MEMBER,
    MONITORING_OFFICER: _MONITORING_OFFICER,
    DEPUTY_MONITORING_OFFICER: _MONITORING_OFFICER,
    MEMBER_SUPPORT_OFFICER: [
        "portal.requires_mfa",
        "portal.access_back_office",
        *_PEOPLE_READ,
        *_PEOPLE_WRITE,
        "portal.invite_member",
        "portal.import_members",
        "portal.view_user",
        "portal.change_user",
        "portal.view_auditevent",
        "portal.view_scheduledjob",
        "auth.view_group",
        *_REPORTS_WITH_NAMES,
    ],
    STEERING_GROUP_MEMBER: ["portal.view_uptake_reports"],
    # The Independent Person reads case files, so signs in with two factors.
    INDEPENDENT_PERSON: ["portal.requires_mfa"],
}

# Permissions that open confidential casework. Each feature app lists its own
# in its ``roles`` module (CASEWORK_PERMISSIONS); holding any one of them means
# two-factor sign-in, and an account only a superuser may change.
CASEWORK_PERMISSIONS: list[str] = []

# Custom permissions (declared on the models' Meta too), with the model that
# carries them, so the data migration can create them before post_migrate does.
CUSTOM_PERMISSIONS = {
    "portal.requires_mfa": ("user", "Must use two-factor authentication"),
    "portal.access_back_office": ("user", "Can use the back office"),
    "portal.view_uptake_reports": ("user", "Can see uptake reports"),
    "portal.view_uptake_names": ("user", "Can see who is behind in uptake reports"),
    "portal.use_member_area": ("member", "Can use the member area"),
    "portal.invite_member": ("member", "Can invite a member to sign in"),
    "portal.import_members": ("member", "Can import members from a CSV file"),
}

# The role a member gets when invited, by member type.
ROLE_FOR_MEMBER_TYPE = {"councillor": COUNCILLOR, "co_opted": CO_OPTED_MEMBER}


# Each feature app may have a ``roles`` module defining ROLE_PERMISSIONS and
# CUSTOM_PERMISSIONS shaped like the ones above; they are found and imported
# lazily (portal.discovery), so they may import this module.


@cache
def role_permissions() -> dict[str, list[str]]:
    """Every role with every permission it carries, across all apps."""
    merged = {role: list(labels) for role, labels in ROLE_PERMISSIONS.items()}
    for module in _app_role_modules():
        for role, labels in module.ROLE_PERMISSIONS.items():
            merged[role].extend(label for label in labels if label not in merged[role])
    return merged


@cache
def custom_permissions() -> dict[str, tuple[str, str]]:
    merged = dict(CUSTOM_PERMISSIONS)
    for module in _app_role_modules():
        merged.update(module.CUSTOM_PERMISSIONS)
    return merged


@cache
def casework_permissions() -> frozenset[str]:
    labels = set(CASEWORK_PERMISSIONS)
    for module in _app_role_modules():
        labels.update(getattr(module, "CASEWORK_PERMISSIONS", ()))
    return frozenset(labels)


def granted_permissions(user) -> set[str]:
    """Every permission the user's roles and own grants carry, even while switched off."""
    if user.is_active:
        return user.get_all_permissions()
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    rows = Permission.objects.filter(Q(group__user=user) | Q(user=user)).values_list(
        "content_type__app_label", "codename"
    )
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def holds_casework(user) -> bool:
    """Whether the user's account opens confidential casework (a superuser's always does)."""
    return user.is_superuser or bool(granted_permissions(user) & casework_permissions())


def must_use_mfa(user) -> bool:
    """Two-factor sign-in for superusers, officer roles and anyone who can read casework."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_perm("portal.requires_mfa") or holds_casework(user))
    )


def _app_role_modules():
    from portal.discovery import app_modules

    return app_modules("roles")


def sync_roles(apps, schema_editor=None):
    """Create or update every role group with exactly its permissions.

    Works with historical models, so it is safe inside a data migration, and
    creates missing content types and permissions itself (they are otherwise
    only made after all migrations have run).
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    custom = custom_permissions()

    def permission(label):
        app_label, codename = label.split(".")
        if label in custom:
            model, name = custom[label]
        else:  # a model's default add/change/delete/view permission
            verb, _, model = codename.partition("_")
            name = f"Can {verb} {model}"
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        return perm

    for role, labels in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([permission(label) for label in labels])
