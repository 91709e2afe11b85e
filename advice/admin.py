"""The back office for Ask the Monitoring Officer.

Questions are confidential: their admin pages open only for people who may
answer them (the Monitoring Officer and the Deputy), never for Member Support
or a superuser who does not hold that role. Questions are read here and
changed in the portal's own pages, which go through the services; the one
action here (closing) calls a service too.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from portal.admin_kit import ReadOnlyInline, ReadOnlyMixin
from portal.errors import DomainError

from . import access, services
from .models import Attachment, FaqEntry, InternalNote, Message, Question, QuestionEvent, State


class OfficerOnlyMixin:
    """Visible only to people who may answer members' questions."""

    def has_module_permission(self, request):
        return access.is_advice_officer(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_advice_officer(request.user)


class OfficerReadOnlyInline(OfficerOnlyMixin, ReadOnlyInline):
    """A question's history, for officers to read."""


class MessageInline(OfficerReadOnlyInline):
    model = Message
    fields = ("created_at", "author", "from_officer", "is_answer", "body")
    readonly_fields = fields
    verbose_name_plural = "conversation (seen by the member)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class InternalNoteInline(OfficerReadOnlyInline):
    model = InternalNote
    fields = ("created_at", "author", "body")
    readonly_fields = fields
    verbose_name_plural = "internal notes (never seen by the member)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class AttachmentInline(OfficerReadOnlyInline):
    model = Attachment
    fields = ("download", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description="file")
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class QuestionEventInline(OfficerReadOnlyInline):
    model = QuestionEvent
    fields = ("created_at", "actor", "from_status", "to_status", "note")
    readonly_fields = fields
    verbose_name_plural = "history"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    """Only the people who can be assigned, not every login."""

    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("nobody", "Nobody yet"), *[(str(u.pk), u.get_full_name()) for u in access.advice_officers()]]

    def queryset(self, request, queryset):
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(assigned_to_id=int(self.value()))
        return queryset


@admin.register(Question)
class QuestionAdmin(OfficerOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "reference",
        "subject",
        "asker",
        "topic",
        "priority",
        "state",
        "due_on",
        "overdue",
        "assigned_to",
        "received_at",
    )
    list_filter = ("state", OverdueFilter, "priority", "topic", AssignedFilter)
    list_select_related = ("member", "asked_by", "assigned_to")
    search_fields = ("subject", "member__first_name", "member__last_name", "asked_by__email")
    date_hierarchy = "received_at"
    ordering = ("-received_at",)
    fields = (
        "reference",
        "asked_by",
        "member",
        "topic",
        "subject",
        "body",
        "document",
        "urgent_requested",
        "urgency_reason",
        "priority",
        "state",
        "assigned_to",
        "received_at",
        "due_on",
        "triaged_at",
        "first_response_at",
        "answered_at",
        "closed_at",
    )
    readonly_fields = fields
    inlines = [MessageInline, InternalNoteInline, AttachmentInline, QuestionEventInline]
    actions = ["close_questions"]

    def has_answer_permission(self, request):
        return access.is_advice_officer(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and object_id and str(object_id).isdigit():
            question = Question.objects.filter(pk=int(object_id)).first()
            if question is not None:  # opening it here counts as opening it in the portal
                services.question_record_view(question=question, viewer=request.user)
        return response

    def get_view_on_site_url(self, obj=None):
        return obj.officer_url() if obj is not None else None

    @admin.display(description="member", ordering="member__last_name")
    def asker(self, obj):
        return obj.asker_name

    @admin.display(description="overdue", boolean=True)
    def overdue(self, obj):
        return obj.state in (State.NEW, State.IN_PROGRESS) and obj.due_on < timezone.localdate()

    @admin.action(description="Close the selected questions", permissions=["answer"])
    def close_questions(self, request, queryset):
        closed, refused = 0, []
        for question in queryset:
            try:
                services.question_transition(
                    question=question,
                    actor=request.user,
                    target=State.CLOSED,
                    note="Closed in the back office",
                )
                closed += 1
            except DomainError:
                refused.append(question.reference)
        if closed:
            self.message_user(
                request, f"Closed {closed} question{'s' if closed != 1 else ''}.", messages.SUCCESS
            )
        if refused:
            self.message_user(
                request, "Already closed, so left alone: " + ", ".join(refused) + ".", messages.WARNING
            )


@admin.register(FaqEntry)
class FaqEntryAdmin(OfficerOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "topic", "status", "published_at", "updated_at")
    list_filter = ("status", "topic")
    search_fields = ("title", "question_text", "answer_text")
    prepopulated_fields = {"slug": ("title",)}
    fields = (
        "title",
        "slug",
        "topic",
        "question_text",
        "answer_text",
        "document",
        "status",
        "published_at",
        "source",
        "created_by",
    )
    readonly_fields = ("status", "published_at", "source", "created_by")
    actions = ["publish", "withdraw"]

    def has_add_permission(self, request):
        return access.is_advice_officer(request.user) and request.user.has_perm("advice.add_faqentry")

    def has_change_permission(self, request, obj=None):
        return access.is_advice_officer(request.user) and request.user.has_perm("advice.change_faqentry")

    def has_delete_permission(self, request, obj=None):
        return access.is_advice_officer(request.user) and request.user.has_perm("advice.delete_faqentry")

    @admin.display(description="from question")
    def source(self, obj):
        if obj.source_question_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', obj.source_question.officer_url(), obj.source_question.reference
        )

    def save_model(self, request, obj, form, change):
        services.faq_entry_save(entry=obj, actor=request.user)

    @admin.action(description="Publish the selected entries", permissions=["change"])
    def publish(self, request, queryset):
        for entry in queryset:
            services.faq_entry_set_published(entry=entry, actor=request.user, published=True)
        self.message_user(request, "Published.", messages.SUCCESS)

    @admin.action(description="Withdraw the selected entries (back to draft)", permissions=["change"])
    def withdraw(self, request, queryset):
        for entry in queryset:
            services.faq_entry_set_published(entry=entry, actor=request.user, published=False)
        self.message_user(request, "Withdrawn to draft.", messages.SUCCESS)
