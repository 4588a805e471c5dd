from django.contrib import admin

from .models import Contribution


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["description", "mentee", "kind", "contributed_on", "acknowledged_at"]
    raw_id_fields = ["mentorship", "mentee"]
