"""The guidance library's back office: authoring, preview, sign-off record, publish and archive.

Editing a document changes its draft; members see nothing until an officer
publishes a new version. Publishing and archiving are admin actions (and
buttons on the document's page) that go through an intermediate form and call
guidance.services.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from guidance import services
from guidance.diff import diff_text
from guidance.forms import ArchiveForm, AttachmentAdminForm, PublishForm
from guidance.models import (
    Acknowledgement,
    Attachment,
    ChecklistItem,
    Circulation,
    CommitteeNoting,
    Consultation,
    Document,
    DocumentEvent,
    DocumentVersion,
    ImpactAssessment,
    Review,
    SignOff,
)
from guidance.rendering import render_markdown
from portal.admin_kit import ReadOnlyAdmin, ReadOnlyInline
from portal.errors import DomainError
from portal.form_limits import LengthLimits


class DocumentAdminForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "title",
            "slug",
            "summary",
            "category",
            "owning_team",
            "audience",
            "committee",
            "draft_body",
            "review_interval_months",
            "owner",
        ]
        widgets = {"draft_body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draft_body"].strip = False  # keep the author's text exactly as written

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in services.RESERVED_SLUGS:
            raise forms.ValidationError(f"“{slug}” is used by the library itself; choose another.")
        return slug

    def clean(self):
        cleaned = super().clean()
        audience, committee = cleaned.get("audience"), cleaned.get("committee")
        if audience == Document.Audience.COMMITTEE and not committee:
            self.add_error("committee", "Choose the committee whose members this document is for.")
        elif audience and audience != Document.Audience.COMMITTEE and committee:
            self.add_error("committee", "Leave this blank unless the audience is the members of a committee.")
        return cleaned


# --- Inlines -------------------------------------------------------------------


class VersionInline(ReadOnlyInline):
    model = DocumentVersion
    fields = ("number", "published_at", "published_by", "material", "change_note", "view_link")
    readonly_fields = fields
    verbose_name_plural = "published versions (they cannot be changed)"

    @admin.display(description="Read")
    def view_link(self, version):
        return format_html('<a href="{}">Version {}</a>', version.get_absolute_url(), version.number)


class SignOffInlineBase(admin.TabularInline):
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = DocumentVersion.objects.filter(document_id=object_id or 0).order_by(
                "-number"
            )
            kwargs["empty_label"] = "The next version (not yet published)"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SignOffInline(SignOffInlineBase):
    model = SignOff
    fields = ("version", "signed_off_by", "date_sent", "date_signed_off")
    verbose_name_plural = "sign-off: signed off by"


class CommitteeNotingInline(SignOffInlineBase):
    model = CommitteeNoting
    fields = ("version", "committee", "meeting_date", "outcome", "minute_reference")
    autocomplete_fields = ("committee",)
    verbose_name_plural = "sign-off: considered by committee"


class CirculationInline(SignOffInlineBase):
    model = Circulation
    fields = ("version", "recipient", "date_sent")
    verbose_name_plural = "sign-off: circulated to"


class ConsultationInline(SignOffInlineBase):
    model = Consultation
    fields = ("version", "consultee", "notes")
    verbose_name_plural = "sign-off: consultation"


class ImpactAssessmentInline(SignOffInlineBase):
    model = ImpactAssessment
    fields = ("version", "kind", "completed", "summary")
    verbose_name_plural = "sign-off: impact assessments"


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentAdminForm
    fields = ("title", "file", "original_filename", "kind", "size")
    readonly_fields = ("original_filename", "kind", "size")
    extra = 0


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ("position", "text", "help_text")
    extra = 0
    ordering = ("position", "pk")


class EventInline(ReadOnlyInline):
    model = DocumentEvent
    fields = ("created_at", "action", "actor", "version", "from_status", "to_status", "note")
    readonly_fields = fields
    verbose_name_plural = "history"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "version")


# --- The document ----------------------------------------------------------------


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentAdminForm
    list_display = (
        "title",
        "category",
        "audience_shown",
        "status",
        "version_number",
        "next_review_on",
        "unpublished_changes",
    )
    list_filter = ("status", "category", "audience")
    list_select_related = ("current_version", "committee")
    search_fields = ("title", "summary", "slug", "owning_team")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("committee",)
    actions = ["publish_new_version", "archive_documents"]
    readonly_fields = (
        "status",
        "version_number",
        "acknowledge_from",
        "next_review_on",
        "last_reviewed_on",
        "preview",
        "member_page",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "category", "owning_team")}),
        ("Who it is for", {"fields": ("audience", "committee")}),
        (
            "Text",
            {
                "fields": ("draft_body", "preview"),
                "description": "Write in Markdown: ## for a heading, * for a bullet, **bold**, "
                "[link text](https://…). Save to update the preview. Members see the text only "
                "when you publish it as a new version.",
            },
        ),
        (
            "Status and review",
            {
                "fields": (
                    "status",
                    "version_number",
                    "acknowledge_from",
                    "review_interval_months",
                    "last_reviewed_on",
                    "next_review_on",
                    "member_page",
                )
            },
        ),
    )
    inlines = [
        VersionInline,
        SignOffInline,
        CommitteeNotingInline,
        CirculationInline,
        ConsultationInline,
        ImpactAssessmentInline,
        AttachmentInline,
        ChecklistItemInline,
        EventInline,
    ]

    # Display -----------------------------------------------------------------

    @admin.display(description="audience", ordering="audience")
    def audience_shown(self, document):
        return document.audience_label

    @admin.display(description="version", ordering="current_version__number")
    def version_number(self, document):
        return document.current_version.number if document.current_version_id else "Not published"

    @admin.display(description="unpublished changes", boolean=True)
    def unpublished_changes(self, document):
        if not document.current_version_id:
            return True
        current = document.current_version
        return (current.body, current.title, current.summary) != (
            document.draft_body.strip(),
            document.title,
            document.summary,
        )

    @admin.display(description="preview of the text")
    def preview(self, document):
        if not document.draft_body:
            return "Nothing written yet."
        # render_markdown sanitises with nh3, so this is safe to show.
        return mark_safe(f'<div class="guidance-preview">{render_markdown(document.draft_body)}</div>')  # noqa: S308

    @admin.display(description="page in the library")
    def member_page(self, document):
        if not document.current_version_id:
            return "Not published yet"
        return format_html('<a href="{}">{}</a>', document.get_absolute_url(), document.get_absolute_url())

    # Saving goes through the service -------------------------------------------

    def save_model(self, request, obj, form, change):
        services.document_save(
            document=obj, actor=request.user, changed=form.changed_data if change else None
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        # Attachments are saved by the service, which records the file's real kind and size.
        # The admin's change message reads these three lists, which formset.save() would fill.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for attachment_form in formset.deleted_forms:
            if attachment_form.instance.pk:
                services.attachment_delete(attachment=attachment_form.instance, actor=request.user)
                formset.deleted_objects.append(attachment_form.instance)
        for attachment_form in formset.forms:
            if attachment_form in formset.deleted_forms or not attachment_form.has_changed():
                continue
            adding = attachment_form.instance.pk is None
            attachment = attachment_form.save(commit=False)
            attachment.document = form.instance
            upload = attachment_form.cleaned_data["file"] if "file" in attachment_form.changed_data else None
            services.attachment_save(attachment=attachment, upload=upload, actor=request.user)
            if adding:
                formset.new_objects.append(attachment)
            else:
                formset.changed_objects.append((attachment, attachment_form.changed_data))
        return None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("current_version", "committee")

    # Publish and archive ----------------------------------------------------------

    def has_publish_permission(self, request):
        return request.user.has_perm("guidance.publish_document")

    @admin.action(description="Publish a new version of the selected documents", permissions=["publish"])
    def publish_new_version(self, request, queryset):
        return self._publish(request, list(queryset.select_related("current_version")))

    @admin.action(description="Archive the selected documents", permissions=["publish"])
    def archive_documents(self, request, queryset):
        return self._archive(request, list(queryset))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/publish/", view(self.publish_view), name="guidance_document_publish"),
            path("<path:object_id>/archive/", view(self.archive_view), name="guidance_document_archive"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_publish": self.has_publish_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def publish_view(self, request, object_id):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        document = get_object_or_404(Document.objects.select_related("current_version"), pk=object_id)
        return self._publish(request, [document])

    def archive_view(self, request, object_id):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return self._archive(request, [get_object_or_404(Document, pk=object_id)])

    def _publish(self, request, documents):
        form = PublishForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            published = 0
            for document in documents:
                try:
                    version = services.document_publish(
                        document=document,
                        actor=request.user,
                        change_note=form.cleaned_data["change_note"],
                        material=form.cleaned_data["material"],
                    )
                except DomainError as error:
                    self.message_user(request, f"{document.title}: {error}", messages.ERROR)
                else:
                    published += 1
                    kind = "material" if version.material else "minor"
                    extra = (
                        " Members in its audience will be emailed and asked to acknowledge it."
                        if version.material
                        else " Existing acknowledgements still count."
                    )
                    self.message_user(
                        request,
                        f"Published version {version.number} of “{document.title}” ({kind} change).{extra}",
                        messages.SUCCESS,
                    )
            if len(documents) == 1 and published:
                return HttpResponseRedirect(reverse("admin:guidance_document_change", args=[documents[0].pk]))
            return HttpResponseRedirect(reverse("admin:guidance_document_changelist"))
        changes = [
            (
                document,
                diff_text(
                    document.current_version.body if document.current_version_id else "", document.draft_body
                ),
            )
            for document in documents
        ]
        return self._render(
            request,
            "admin/guidance/document/publish.html",
            title="Publish a new version",
            form=form,
            documents=documents,
            changes=changes,
        )

    def _archive(self, request, documents):
        form = ArchiveForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            for document in documents:
                try:
                    services.document_archive(
                        document=document, actor=request.user, note=form.cleaned_data["note"]
                    )
                except DomainError as error:
                    self.message_user(request, f"{document.title}: {error}", messages.ERROR)
                else:
                    self.message_user(request, f"Archived “{document.title}”.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:guidance_document_changelist"))
        return self._render(
            request,
            "admin/guidance/document/archive.html",
            title="Archive guidance",
            form=form,
            documents=documents,
        )

    def _render(self, request, template, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action": request.POST.get("action", ""),
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, context)


# --- Read-only records ------------------------------------------------------------


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ("member", "document", "version_number", "acknowledged_at")
    list_filter = ("document",)
    list_select_related = ("member", "document", "version")
    search_fields = ("member__first_name", "member__last_name", "member__email", "document__title")
    date_hierarchy = "acknowledged_at"

    @admin.display(description="version", ordering="version__number")
    def version_number(self, acknowledgement):
        return acknowledgement.version.number


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("document", "outcome", "reviewed_on", "reviewer", "next_review_on")
    list_filter = ("outcome",)
    list_select_related = ("document", "reviewer")
    search_fields = ("document__title", "note")


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ("document", "number", "material", "published_at", "published_by", "acknowledged")
    list_filter = ("material",)
    list_select_related = ("document", "published_by")
    search_fields = ("document__title", "change_note")
    fields = (
        "document",
        "number",
        "title",
        "summary",
        "change_note",
        "material",
        "published_at",
        "published_by",
        "body",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(acknowledgement_count=Count("acknowledgements"))

    @admin.display(description="acknowledgements", ordering="acknowledgement_count")
    def acknowledged(self, version):
        return version.acknowledgement_count
