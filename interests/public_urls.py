from django.urls import path

from .views import public

app_name = "registers"

urlpatterns = [
    path("", public.index, name="index"),
    path("<slug:council>/", public.council, name="council"),
    path("<slug:council>/register.csv", public.council_csv, name="council_csv"),
    path("<slug:council>/<int:member>/", public.member, name="member"),
]
