from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal import selectors


@login_required
def home(request):
    """The dashboard. Each panel appears for the people whose permissions need it."""
    return render(request, "portal/home.html", selectors.dashboard_for(request.user))
