"""Admin for browsing the stored history; stored messages are read-only here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from conversations.models import Attachment, Conversation, Message


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _thumbnails(attachments):
    return format_html_join(
        " ",
        '<a href="{0}" target="_blank"><img src="{0}" alt="{1}" '
        'style="max-height:64px;max-width:96px;border-radius:4px"></a>',
        ((reverse("admin-attachment-file", args=[a.id]), str(a)) for a in attachments),
    )


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "role", "source", "status", "text", "pictures"]
    readonly_fields = fields

    @admin.display(description="Pictures")
    def pictures(self, message):
        return _thumbnails(message.attachments.all())


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "message_total", "created_at", "updated_at"]
    list_filter = ["messages__source", "messages__status", "created_at", "updated_at"]
    search_fields = ["title", "messages__text", "owner__username"]
    date_hierarchy = "updated_at"
    readonly_fields = [
        "id",
        "owner",
        "created_at",
        "updated_at",
        "live_resumption_handle",
        "live_resumption_issued_at",
    ]
    fields = ["title", *readonly_fields]
    inlines = [MessageInline]
    list_select_related = ["owner"]
    show_full_result_count = False

    @admin.display(description="Messages")
    def message_total(self, conversation):
        return conversation.messages.count()

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    def has_add_permission(self, request):
        return False


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["preview", "mime_type", "width", "height", "size_bytes"]
    readonly_fields = fields

    @admin.display(description="Preview")
    def preview(self, attachment):
        return _thumbnails([attachment])


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "conversation", "role", "source", "status", "short_text"]
    list_filter = ["source", "status", "role", "created_at"]
    search_fields = ["text", "conversation__title", "conversation__owner__username"]
    date_hierarchy = "created_at"
    readonly_fields = ["conversation", "role", "source", "status", "text", "created_at", "metadata"]
    fields = readonly_fields
    inlines = [AttachmentInline]
    list_select_related = ["conversation"]

    @admin.display(description="Text")
    def short_text(self, message):
        return message.text[:80]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_view_permission(request, obj)


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["id", "preview", "mime_type", "width", "height", "size_bytes", "created_at"]
    readonly_fields = ["message", "preview", "mime_type", "width", "height", "size_bytes"]
    fields = readonly_fields

    @admin.display(description="Preview")
    def preview(self, attachment):
        return format_html("{}", _thumbnails([attachment]))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_view_permission(request, obj)
