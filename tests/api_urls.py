"""Temporary: the site's URLs plus the API, until mentorkit/urls.py mounts it."""

from django.urls import path

from mentorkit.api.api import api
from mentorkit.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("api/v1/", api.urls), *site_urlpatterns]
