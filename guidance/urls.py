from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.library, name="library"),
    path("manage/acknowledgements/", views.acknowledgements, name="acknowledgements"),
    path("manage/reviews/", views.reviews, name="reviews"),
    path("<slug:slug>/", views.document, name="document"),
    path("<slug:slug>/versions/<int:number>/", views.document, name="version"),
    path("<slug:slug>/changes/", views.diff, name="diff"),
    path("<slug:slug>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<slug:slug>/checklist/", views.checklist, name="checklist"),
    path("<slug:slug>/files/<int:pk>/", views.attachment, name="attachment"),
    path("<slug:slug>/acknowledgements/", views.acknowledgement_report, name="acknowledgement_report"),
    path("<slug:slug>/reminders/", views.send_reminders, name="send_reminders"),
    path("<slug:slug>/review/", views.review, name="review"),
]
