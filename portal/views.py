from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from portal import contact, dashboard, selectors


@login_required
def home(request):
    """The dashboard. Each panel appears for the people whose permissions need it."""
    context = selectors.dashboard_for(request.user)
    context["feature_panels"] = dashboard.for_request(context["feature_panels"], request)
    return render(request, "portal/home.html", context)


@never_cache
def contact_form(request):
    """Anyone may write to Member Support; signed-in people find their name and email filled in."""
    user = request.user if request.user.is_authenticated else None
    status = 200
    if request.method == "POST":
        form = contact.ContactForm(request.POST)
        if not form.is_valid():
            status = 400
        elif contact.over_limit(request):
            form.add_error(None, contact.RATE_LIMITED.format(email=settings.MEMBER_SUPPORT_EMAIL))
            status = 429
        else:
            with transaction.atomic():
                contact.contact_message_send(request=request, user=user, **form.cleaned_data)
            return redirect("contact_sent")
    else:
        initial = {"name": user.get_full_name(), "email": user.email} if user else {}
        form = contact.ContactForm(initial=initial)
    return render(request, "portal/contact.html", {"form": form}, status=status)


def contact_sent(request):
    return render(request, "portal/contact_sent.html")
