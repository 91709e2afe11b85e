from django.conf import settings


def portal(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "monitoring_officer_email": settings.MONITORING_OFFICER_EMAIL,
        "member_support_email": settings.MEMBER_SUPPORT_EMAIL,
    }
