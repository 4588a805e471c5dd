from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("training/", views.mine, name="mine"),
    path("training/<int:pk>/delete/", views.delete, name="delete"),
    path("programs/<int:pk>/training/", views.compliance, name="compliance"),
    path("programs/<int:pk>/training.csv", views.compliance_csv, name="compliance_csv"),
    path("programs/<int:pk>/training/<int:record_id>/verify/", views.verify, name="verify"),
]
