"""Access log."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from complaints.models.cases import Complaint


class CaseAccess(models.Model):
    """Someone looked at or downloaded part of a case file."""

    class Action(models.TextChoices):
        VIEWED_CASE = "viewed_case", "Viewed the case file"
        VIEWED_AS_IP = "viewed_as_ip", "Viewed the case file as Independent Person"
        DOWNLOADED = "downloaded", "Downloaded a document"
        VIEWED_NOTICE = "viewed_notice", "Viewed a decision notice"
        VIEWED_MEMBER_NOTICE = "viewed_member_notice", "Subject member viewed their notice"
        VIEWED_ACCESS_LOG = "viewed_access_log", "Viewed the access log"
        VIEWED_IN_BACK_OFFICE = "viewed_back_office", "Viewed in the back office"
        LISTED = "listed", "Listed in the case list or a search"
        LISTED_IN_BACK_OFFICE = "listed_back_office", "Listed in the back office"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=24, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["complaint", "-at"])]
        verbose_name_plural = "case access records"

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.complaint}"
