"""A URLconf for tests/portal/test_fixed_url.py: the dashboard somewhere else."""

from django.urls import path

from portal.views import home

urlpatterns = [path("moved/", home, name="home")]
