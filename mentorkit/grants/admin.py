from django.contrib import admin

from .models import Appointment, Degree, Position, SupportYear, TraineeRecord, TrainingGrant


@admin.register(TrainingGrant)
class TrainingGrantAdmin(admin.ModelAdmin):
    list_display = ["award_number", "activity_code", "program", "project_start", "project_end"]
    search_fields = ["award_number", "core_number", "program__name"]
    autocomplete_fields = ["pd_pis"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["trainee", "grant", "level", "starts_on", "ends_on", "status"]
    search_fields = ["trainee__email", "trainee__name", "grant__award_number"]
    autocomplete_fields = ["trainee"]


class SupportYearInline(admin.TabularInline):
    model = SupportYear
    extra = 0


class DegreeInline(admin.TabularInline):
    model = Degree
    extra = 0


@admin.register(TraineeRecord)
class TraineeRecordAdmin(admin.ModelAdmin):
    list_display = ["trainee", "program", "entered_on", "status"]
    search_fields = ["trainee__email", "trainee__name", "program__name"]
    autocomplete_fields = ["trainee"]
    filter_horizontal = ["faculty_mentors"]
    inlines = [SupportYearInline, DegreeInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["trainee", "title", "institution", "starts_on", "ends_on", "source"]
    search_fields = ["trainee__email", "trainee__name", "institution"]
    autocomplete_fields = ["trainee"]
