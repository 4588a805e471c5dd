from django.urls import path

from . import calendar, views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings/series/new/", views.series_create, name="series_create"),
    path("meetings/series/<int:pk>/", views.series_detail, name="series"),
    path("meetings/series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/notes/", views.meeting_notes, name="meeting_notes"),
    path("meetings/<int:pk>/skip/", views.meeting_skip, name="meeting_skip"),
    path("meetings/<int:pk>/move/", views.meeting_move, name="meeting_move"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/agenda/<int:pk>/<str:operation>/", views.agenda_item, name="agenda_item"),
    path("meetings/<int:pk>/actions/", views.action_create, name="action_create"),
    path("meetings/<int:pk>/disagreements/", views.disagreement_create, name="disagreement_create"),
    path("actions/", views.my_actions, name="actions"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
]

urlpatterns += [
    path("calendar/<str:token>.ics", calendar.feed, name="feed"),
    path("meetings/series/<int:pk>.ics", calendar.series_ics, name="series_ics"),
    path("meetings/<int:pk>.ics", calendar.meeting_ics, name="meeting_ics"),
]
