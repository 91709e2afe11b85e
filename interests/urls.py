from django.urls import path

from .views import member, office

app_name = "interests"

urlpatterns = [
    # Members (and Member Support, for a member without a login)
    path("", member.mine, name="mine"),
    path("check/", member.meeting_check, name="meeting_check"),
    path("members/<int:member>/", member.register, name="register"),
    path("members/<int:member>/start/", member.draft_start, name="draft_start"),
    path("members/<int:member>/edit/<slug:category>/", member.edit, name="edit"),
    path("members/<int:member>/entries/<int:entry>/remove/", member.entry_remove, name="entry_remove"),
    path("members/<int:member>/submit/", member.submit, name="submit"),
    path("members/<int:member>/confirm/", member.confirm_unchanged, name="confirm_unchanged"),
    path("members/<int:member>/versions/<int:number>/", member.version, name="version"),
    path("members/<int:member>/gifts/new/", member.gift_new, name="gift_new"),
    path("members/<int:member>/dispensations/new/", member.dispensation_new, name="dispensation_new"),
    # The Monitoring Officer and the Deputy; Member Support's list of paper members
    path("office/", office.office, name="office"),
    path("office/returns/<int:pk>/", office.review, name="review"),
    path("office/returns/<int:pk>/changes/", office.review_changes, name="review_changes"),
    path("office/returns/<int:pk>/publish/", office.review_publish, name="review_publish"),
    path("office/entries/<int:pk>/withhold/", office.entry_sensitive, name="entry_sensitive"),
    path("office/dispensations/<int:pk>/", office.dispensation, name="dispensation"),
]
