from django.contrib import admin

from mentorkit.core.forms import HTTPS_LINKS

from .models import EvaluationWindow, Feedback, FeedbackRequest


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["title", "requested_by", "asked_of", "due_on", "status"]
    raw_id_fields = ["mentorship", "mentee", "requested_by", "asked_of"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "mentee", "acted_at"]
    raw_id_fields = ["mentorship", "mentee", "author", "request"]
    filter_horizontal = ["action_items", "goals"]


@admin.register(EvaluationWindow)
class EvaluationWindowAdmin(admin.ModelAdmin):
    # Responses and participations are deliberately not in the admin: staff see windows only.
    list_display = ["title", "program", "opens_on", "closes_on", "threshold"]
    raw_id_fields = ["opened_by"]
