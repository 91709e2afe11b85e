"""The public register, open without signing in: councils, their members, each member's published
register, and a CSV per council. What an entry shows is decided in ``interests.publication``."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from portal.csvexport import csv_response
from portal.models import Authority, Member

from .. import selectors

MEMBERS_PAGE_SIZE = 100
CSV_HEADER = ["Member", "Ward or parish", "Kind of interest", "Heading", "Entry", "Published"]


def index(request):
    return render(request, "interests/public/index.html", {"councils": selectors.public_councils()})


def council(request, council):
    authority = get_object_or_404(Authority, slug=council)
    page = Paginator(selectors.public_members(authority), MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.object_list:
        raise Http404("No register is kept for this council.")
    return render(request, "interests/public/council.html", {"authority": authority, "page": page})


def member(request, council, member):
    found = (
        Member.objects.current()
        .select_related("authority")
        .filter(pk=member, authority__slug=council)
        .first()
    )
    if found is None:
        raise Http404("No serving member has this number.")
    shown = selectors.public_register(found)
    context = {
        "authority": found.authority,
        "register": shown,
        "categories": selectors.categories(),
        "has_withheld": selectors.has_withheld(shown.entries),
        "threshold": settings.INTERESTS_GIFT_THRESHOLD_POUNDS,
    }
    return render(request, "interests/public/member.html", context)


def council_csv(request, council):
    authority = get_object_or_404(Authority, slug=council)
    stamp = timezone.localdate().isoformat()
    return csv_response(
        f"register-of-interests-{authority.slug}-{stamp}.csv",
        CSV_HEADER,
        selectors.public_csv_rows(authority),
    )
