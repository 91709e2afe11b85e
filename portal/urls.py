from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from portal import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("alive/", health.alive, name="alive"),
    path("health/", health.health, name="health"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="portal/accessibility.html"),
        name="accessibility",
    ),
    path("contact/", views.contact_form, name="contact"),
    path("contact/sent/", views.contact_sent, name="contact_sent"),
    path("privacy/", TemplateView.as_view(template_name="portal/privacy.html"), name="privacy"),
    path("guidance/", include("guidance.urls")),
    path("training/", include("training.urls")),
    path("ask/", include("advice.urls")),
    path("complaints/", include("complaints.urls")),
    path("interests/", include("interests.urls")),
    path("registers-of-interests/", include("interests.public_urls")),
    path("reports/", include("reports.urls")),
    path("accounts/", include("allauth.urls")),
    path("back-office/", admin.site.urls),
]

# A database outage during a request shows the static 503 page (see portal.health).
handler500 = "portal.health.server_error"
