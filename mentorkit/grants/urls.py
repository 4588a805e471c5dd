from django.urls import path

from . import committee_views, reporter_views, reporting_views, views

app_name = "grants"

P = "programs/<int:pk>/"

urlpatterns = [
    path(P + "grants/", views.grants, name="grants"),
    path(P + "grants/<int:grant_id>/", views.grant, name="grant"),
    path(P + "grants/<int:grant_id>/appoint/", views.appoint, name="appoint"),
    path(P + "appointments/<int:appointment_id>/", views.appointment, name="appointment"),
    path(P + "trainees/new/", views.new_trainee, name="new_trainee"),
    path(P + "trainees/<int:record_id>/", views.trainee, name="trainee"),
    path(
        P + "trainees/<int:record_id>/<str:kind>/<int:item_id>/remove/",
        views.remove,
        name="remove",
    ),
    path(P + "positions/<int:position_id>/", views.position, name="position"),
    path(P + "reports/", views.reports, name="reports"),
    path(P + "reports/table5.<str:fmt>", views.table, {"table": "table5"}, name="table5"),
    path(P + "reports/table8.<str:fmt>", views.table, {"table": "table8"}, name="table8"),
    path(P + "reports/progress.<str:fmt>", views.progress_section, name="progress"),
    path(P + "reports/common-metric.csv", views.common_metric, name="common_metric"),
    path(
        P + "trainees/<int:record_id>/committee/",
        committee_views.committee,
        name="committee",
    ),
    path(
        P + "trainees/<int:record_id>/committee/members/<int:member_id>/remove/",
        committee_views.remove_member,
        name="committee_member_remove",
    ),
    path(
        "committee-meetings/<int:meeting_id>/",
        committee_views.meeting,
        name="committee_meeting",
    ),
    path(
        "committee-meetings/<int:meeting_id>/assessment/",
        committee_views.assessment,
        name="assessment",
    ),
    path(
        "committee-meetings/<int:meeting_id>/summary.<str:fmt>",
        committee_views.summary,
        name="committee_summary",
    ),
    path("me/committees/", committee_views.mine, name="my_committees"),
    path("me/training-record/", views.mine, name="mine"),
    path("me/training-record/check-in/<int:record_id>/", views.check_in, name="check_in"),
    path("me/training-record/positions/<int:position_id>/", views.my_position, name="my_position"),
    path("me/training-record/<str:kind>/<int:item_id>/remove/", views.my_remove, name="my_remove"),
]

# Reporting demographics, the progress report's paragraphs, awards from NIH RePORTER.
urlpatterns += [
    path(
        "me/training-record/demographics/",
        reporting_views.my_demographics,
        name="my_demographics",
    ),
    path(
        "me/training-record/demographics/withdraw/",
        reporting_views.withdraw_demographics,
        name="withdraw_demographics",
    ),
    path(P + "reports/demographics.csv", reporting_views.demographics_csv, name="demographics"),
    path(P + "reports/progress/", reporting_views.paragraphs, name="paragraphs"),
    path(P + "reports/progress/<int:record_id>/", reporting_views.paragraph, name="paragraph"),
    path("mentoring/progress-paragraphs/", reporting_views.to_confirm, name="to_confirm"),
    path(
        "mentoring/progress-paragraphs/<int:draft_id>/",
        reporting_views.confirm_paragraph,
        name="confirm_paragraph",
    ),
    path(P + "trainees/<int:record_id>/reporter/", reporter_views.for_record, name="reporter"),
    path("me/training-record/reporter/", reporter_views.mine, name="my_reporter"),
]
