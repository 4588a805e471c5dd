from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "career_stage", "institution", "is_staff"]
    search_fields = ["email", "name", "institution"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {
                "fields": [
                    "name",
                    "pronouns",
                    "career_stage",
                    "institution",
                    "department",
                    "discipline",
                    "expertise",
                    "orcid",
                    "time_zone",
                ]
            },
        ),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]
    list_filter = ["is_staff", "is_active", "career_stage"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "hint"]
    fields = ["user", "name", "hint", "key_hash", "revoked_at"]
