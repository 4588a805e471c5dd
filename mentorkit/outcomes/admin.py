from django.contrib import admin

from mentorkit.core.forms import HTTPS_LINKS

from .models import Outcome, Reflection


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["title", "mentee", "kind", "result", "decided_on", "celebrated_on", "source"]
    list_filter = ["kind", "result", "source"]
    raw_id_fields = ["mentee", "previous"]
    search_fields = ["title", "doi", "pmid"]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["outcome", "updated_at"]
    raw_id_fields = ["outcome", "shared_with"]
