from django.contrib import admin

from .models import Enrollment, Program, ProgramInvitation


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    fields = ["mentee", "cohort_year", "enrolled_on"]
    autocomplete_fields = ["mentee"]
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    fields = [
        "name",
        "kind",
        "description",
        "directors",
        "administrators",
        "neutral_contact",
        "two_factor",
    ]
    filter_horizontal = ["directors", "administrators"]
    inlines = [EnrollmentInline]
    search_fields = ["name"]


@admin.register(ProgramInvitation)
class ProgramInvitationAdmin(admin.ModelAdmin):
    list_display = [
        "invited_email",
        "program",
        "cohort_year",
        "invitation_expires_at",
        "invitation_used_at",
    ]
    fields = [
        "program",
        "invited_email",
        "invited_name",
        "cohort_year",
        "invitation_expires_at",
        "invitation_used_at",
    ]
    readonly_fields = ["invitation_expires_at", "invitation_used_at"]
