"""People: users who sign in, the authorities they serve, members and committees."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone

from portal.events import AbstractEvent


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Signs in by email; roles are groups."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Staff can sign in to the back office, within their permissions.",
    )
    is_active = models.BooleanField(default=True, help_text="Untick instead of deleting an account.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="portal_user_email_ci_unique",
                violation_error_message="An account with this email address already exists.",
            )
        ]
        permissions = [
            ("requires_mfa", "Must use two-factor authentication"),
            ("access_back_office", "Can use the back office"),
            ("view_uptake_reports", "Can see uptake reports"),
            ("view_uptake_names", "Can see who is behind in uptake reports"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Authority(models.Model):
    """The district council, or a parish or town council inside it."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "District council"
        PARISH = "parish", "Parish council"
        TOWN = "town", "Town council"

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PARISH)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parishes",
        help_text="For a parish or town council, the district it lies in.",
    )
    clerk_name = models.CharField(max_length=150, blank=True)
    clerk_email = models.EmailField(
        blank=True, help_text="The clerk is told of complaints about the council's members."
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="district", parent__isnull=True) | ~Q(kind="district"),
                name="portal_authority_district_has_no_parent",
                violation_error_message="A district council cannot belong to another authority.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_district(self):
        return self.kind == self.Kind.DISTRICT


class MemberQuerySet(models.QuerySet):
    def current(self, on=None):
        """Members serving on a date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(status=Member.Status.ACTIVE, term_start__lte=on).filter(
            Q(term_end__isnull=True) | Q(term_end__gte=on)
        )

    def with_people(self):
        return self.select_related("authority", "user")


class Member(models.Model):
    """A councillor or co-opted member, with or without a login."""

    class MemberType(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        CO_OPTED = "co_opted", "Co-opted member"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LEFT = "left", "Left"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True, help_text="Where invitations and notices go.")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="members")
    ward = models.CharField("ward or parish", max_length=150, blank=True)
    political_group = models.CharField(max_length=100, blank=True)
    member_type = models.CharField(max_length=12, choices=MemberType.choices, default=MemberType.COUNCILLOR)
    term_start = models.DateField()
    term_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(null=True, blank=True)
    external_id = models.CharField(
        "ID in the committee system",
        max_length=64,
        blank=True,
        help_text="The member's ID in the council's committee-management system, used to match CSV imports.",
    )
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Everything the back office searches, lower-cased, kept by the database.
    search_text = models.GeneratedField(
        expression=Lower(
            Concat(
                "first_name",
                Value(" "),
                "last_name",
                Value(" "),
                "email",
                Value(" "),
                "external_id",
                Value(" "),
                "ward",
                Value(" "),
                "political_group",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["authority", "status"]),
            models.Index(fields=["last_name", "first_name"]),
            models.Index(Lower("email"), name="portal_member_email_ci"),
            # One trigram index serves the back office's "contains" search.
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="portal_member_search_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="portal_member_term_ends_after_start",
                violation_error_message="The term must end on or after the day it starts.",
            ),
            models.UniqueConstraint(
                fields=["authority", "external_id"],
                condition=~Q(external_id=""),
                name="portal_member_external_id_unique",
                violation_error_message="Another member here already has this external reference.",
            ),
        ]
        permissions = [
            ("use_member_area", "Can use the member area"),
            ("invite_member", "Can invite a member to sign in"),
            ("import_members", "Can import members from a CSV file"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self):
        prefix = "Cllr " if self.member_type == self.MemberType.COUNCILLOR else ""
        return f"{prefix}{self.full_name}"

    @property
    def is_current(self):
        today = timezone.localdate()
        return (
            self.status == self.Status.ACTIVE
            and self.term_start <= today
            and (self.term_end is None or self.term_end >= today)
        )


class Committee(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="committees")
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150)
    description = models.TextField(max_length=2_000, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"],
                name="portal_committee_unique_name",
                violation_error_message="This authority already has a committee with this name.",
            ),
            models.UniqueConstraint(
                fields=["authority", "slug"],
                name="portal_committee_unique_slug",
                violation_error_message="This authority already has a committee with this short name.",
            ),
        ]

    def __str__(self):
        return self.name


class CommitteeMembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class CommitteeMembership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Substitute"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="committee_memberships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = CommitteeMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["committee__name", "-start_date"]
        indexes = [models.Index(fields=["member", "committee"])]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "member", "start_date"],
                name="portal_membership_unique_start",
                violation_error_message="This member already joined this committee on that date.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="portal_membership_ends_after_start",
                violation_error_message="The membership must end on or after the day it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.member} on {self.committee}"


class AuditEvent(AbstractEvent):
    """An append-only record of something a person did in the back office."""

    class Action(models.TextChoices):
        MEMBER_INVITED = "member_invited", "Member invited to sign in"
        MEMBERS_IMPORTED = "members_imported", "Members imported from CSV"
        ROLE_CHANGED = "role_changed", "Roles changed"
        ACCOUNT_CHANGE_REFUSED = "account_change_refused", "Change to an account refused"
        PASSWORD_RESET_SENT = "password_reset_sent", "Password reset link sent"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    # What was done, in a line; the details are in ``data``. Back-office actions are not
    # moves between statuses, so this trail has no from/to pair.
    note = models.CharField(max_length=300)
    from_status = None
    to_status = None
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.note


class ScheduledJob(models.Model):
    """When a periodic job (portal.scheduler) last ran, and how it went: one row per job."""

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    last_output = models.TextField(blank=True, max_length=4000)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class OutboxMessage(models.Model):
    """An email waiting for the worker. The task queue carries only this row's id.

    The message (addresses, subject, body: often links with tokens and names)
    is encrypted with PORTAL_ENCRYPTION_KEYS and wiped once sent;
    `manage.py prune_tasks` deletes sent rows and gives up on stale ones.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    payload = models.TextField(
        max_length=1_000_000, blank=True, help_text="The encrypted message; blank once sent."
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Failed sending attempts so far (the mail server refused or was down)."
    )
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Email {self.pk} ({'sent' if self.sent_at else 'waiting'})"
