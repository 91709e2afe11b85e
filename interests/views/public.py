"""The public register, open without signing in: councils, their members, each member's published
register, and a CSV per council. What an entry shows is decided in ``interests.publication``.

Each page's content is the same for every visitor, so it is rendered once and kept until a write
changes what it shows (``interests.page_cache``); only the page around it is rendered per request.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from portal.csvexport import csv_response
from portal.models import Authority, Member

from .. import page_cache, selectors

MEMBERS_PAGE_SIZE = 100
# Page numbers kept in the cache; any other (a typo, a made-up number) is rendered each time.
CACHED_PAGES = 500
CSV_HEADER = ["Member", "Ward or parish", "Kind of interest", "Heading", "Entry", "Published"]


def _content(template: str, title: str, context: dict) -> dict:
    context = {"council_name": settings.COUNCIL_NAME, **context}
    return {"title": title, "body": render_to_string(template, context)}


def _page(request, content):
    if content is None:
        raise Http404("No register is published here.")
    context = {"title": content["title"], "body": mark_safe(content["body"])}  # noqa: S308 - our own render
    return render(request, "interests/public/page.html", context)


def index(request):
    def content():
        context = {"councils": selectors.public_councils()}
        return _content("interests/public/_index.html", "Registers of members' interests", context)

    return _page(request, page_cache.page(("public", "index"), content))


def council(request, council):
    number = request.GET.get("page")

    def content():
        authority = Authority.objects.filter(slug=council).first()
        if authority is None:
            return None
        page = Paginator(selectors.public_members(authority), MEMBERS_PAGE_SIZE).get_page(number)
        if not page.object_list:
            return None
        title = f"Registers of interests: {authority.name}"
        return _content("interests/public/_council.html", title, {"authority": authority, "page": page})

    cached = number is None or (
        number.isascii() and number.isdigit() and 1 <= int(number[:6]) <= CACHED_PAGES
    )
    if not cached:
        return _page(request, content())
    return _page(request, page_cache.page(("public", "council", council, int(number or 1)), content))


def member(request, council, member):
    def content():
        found = (
            Member.objects.current()
            .select_related("authority")
            .filter(pk=member, authority__slug=council)
            .first()
        )
        if found is None:
            return None
        shown = selectors.public_register(found)
        context = {
            "authority": found.authority,
            "register": shown,
            "threshold": settings.INTERESTS_GIFT_THRESHOLD_POUNDS,
        }
        title = f"Register of interests: {found.display_name}"
        return _content("interests/public/_member.html", title, context)

    return _page(request, page_cache.page(("public", "member", council, member), content))


def council_csv(request, council):
    authority = get_object_or_404(Authority, slug=council)
    stamp = timezone.localdate().isoformat()
    return csv_response(
        f"register-of-interests-{authority.slug}-{stamp}.csv",
        CSV_HEADER,
        selectors.public_csv_rows(authority),
    )
