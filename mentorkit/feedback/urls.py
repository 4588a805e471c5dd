from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("give/<int:mentorship_pk>/", views.give, name="give"),
    path("<int:pk>/", views.feedback_detail, name="feedback"),
    path("<int:pk>/act/", views.feedback_act, name="act"),
    path("style/<int:mentorship_pk>/", views.style, name="style"),
    path("style/<int:mentorship_pk>/self/", views.self_rating, name="self_rating"),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("evaluations/new/", views.window_create, name="window_create"),
    path("evaluations/<int:pk>/", views.window_detail, name="window"),
    path("evaluations/<int:pk>/close/", views.window_close, name="window_close"),
    path("evaluations/<int:pk>/results.csv", views.window_csv, name="window_csv"),
    path("evaluations/<int:pk>/evaluate/<int:mentorship_pk>/", views.evaluate, name="evaluate"),
]
