from django.contrib import admin

from .models import Goal, GoalReview, GoalRevision, Milestone, Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "mentee", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["mentee"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["statement", "mentee", "category", "status", "due_on", "next_review_on"]
    list_filter = ["status", "category"]
    raw_id_fields = ["plan", "mentee", "created_by"]
    filter_horizontal = ["mentors"]
    inlines = [MilestoneInline]


@admin.register(GoalReview)
class GoalReviewAdmin(admin.ModelAdmin):
    list_display = ["goal", "reviewed_on", "status", "progress", "confidence"]
    raw_id_fields = ["goal", "meeting", "recorded_by"]


@admin.register(GoalRevision)
class GoalRevisionAdmin(admin.ModelAdmin):
    list_display = ["goal", "kind", "changed_at", "changed_by"]
    raw_id_fields = ["goal", "changed_by"]
