"""The user admin, with a way to end a user's live calls wherever they run."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from live.production import end_calls_of

User = get_user_model()


@admin.action(description="End the selected users' live calls (on every server)")
def end_live_calls(modeladmin, request, queryset):
    """Send the end event to each selected user's calls; every process holding one ends it."""
    count = 0
    for user_id in queryset.values_list("pk", flat=True):
        end_calls_of(user_id)
        count += 1
    modeladmin.message_user(
        request, f"Asked every server to end the live calls of {count} user(s).", messages.INFO
    )


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class SesameUserAdmin(UserAdmin):
    """Django's user admin plus `end_live_calls`."""

    actions = [end_live_calls]
