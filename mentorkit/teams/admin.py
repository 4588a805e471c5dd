from django.contrib import admin

from .models import Agreement, Mentorship, Need


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor_name", "role", "status", "started_on"]
    list_filter = ["status", "role"]
    search_fields = ["mentee__email", "mentor__email", "invited_email"]
    fields = [
        "mentee",
        "mentor",
        "invited_email",
        "invited_name",
        "role",
        "discipline",
        "focus",
        "status",
        "started_on",
        "ended_on",
    ]
    autocomplete_fields = ["mentee", "mentor"]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["name", "mentee", "priority", "visibility"]
    fields = ["mentee", "name", "priority", "notes", "visibility"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["mentee", "with_whom", "version", "next_review_on"]
    fields = [
        "mentee",
        "mentorship",
        "cadence",
        "meeting_minutes",
        "response_hours",
        "feedback_rhythm",
        "next_review_on",
        "version",
    ]
    readonly_fields = ["version"]
