from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report, name="index"),
    path("print/", views.printable, name="print"),
    path("<slug:section>/", views.report, name="section"),
]
