from django.contrib import admin

from mentorkit.core.forms import HTTPS_LINKS

from .models import TrainingPolicy, TrainingRecord


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["mentor", "course", "kind", "hours", "completed_on", "verified_at"]
    search_fields = ["mentor__email", "mentor__name", "course"]
    autocomplete_fields = ["mentor"]
    readonly_fields = ["verified_by", "verified_at", "created_at"]


@admin.register(TrainingPolicy)
class TrainingPolicyAdmin(admin.ModelAdmin):
    list_display = ["program", "refresher_months"]
