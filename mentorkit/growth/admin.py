from django.contrib import admin

from mentorkit.core.forms import HTTPS_LINKS

from .models import Activity, Contribution, IndependenceMarker


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["description", "mentee", "kind", "contributed_on", "acknowledged_at"]
    raw_id_fields = ["mentorship", "mentee"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "mentee", "kind", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["mentee"]


@admin.register(IndependenceMarker)
class IndependenceMarkerAdmin(admin.ModelAdmin):
    list_display = ["kind", "mentee", "achieved_on"]
    list_filter = ["kind"]
    raw_id_fields = ["mentee"]
