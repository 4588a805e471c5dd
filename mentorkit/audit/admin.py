from django.contrib import admin

from .models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: an audit trail is not edited."""

    list_display = ["at", "kind", "user", "actor", "summary", "address", "via"]
    list_filter = ["kind", "via"]
    search_fields = ["user__email", "actor__email", "summary", "address"]
    date_hierarchy = "at"
    list_select_related = ["user", "actor"]
    readonly_fields = [f.name for f in SecurityEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
