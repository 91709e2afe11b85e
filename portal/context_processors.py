from django.conf import settings

from portal.navigation import CanOpen


def portal(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "monitoring_officer_email": settings.MONITORING_OFFICER_EMAIL,
        "member_support_email": settings.MEMBER_SUPPORT_EMAIL,
        # Header links ask this (portal.navigation), so they show only where the page opens.
        "can_open": CanOpen(getattr(request, "user", None)),
    }
