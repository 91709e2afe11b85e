"""{% fixed_url %}: URLs without arguments, kept per URLconf (portal/templatetags/portal_urls.py)."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import NoReverseMatch, clear_url_caches, reverse


def render(text):
    return Template("{% load portal_urls %}" + text).render(Context())


def test_it_gives_what_url_gives():
    assert render("{% fixed_url 'home' %}") == reverse("home")
    assert render("{% fixed_url 'advice:queue' %}") == reverse("advice:queue")


def test_a_missing_page_is_empty_with_as_and_an_error_without():
    assert render("{% fixed_url 'no:such_page' as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% fixed_url 'no:such_page' %}")


def test_a_new_urlconf_is_asked_again(settings):
    assert render("{% fixed_url 'home' %}") == "/"
    settings.ROOT_URLCONF = "tests.portal.urls_moved_home"
    clear_url_caches()
    try:
        assert render("{% fixed_url 'home' %}") == "/moved/"
    finally:
        settings.ROOT_URLCONF = "portal.urls"
        clear_url_caches()
    assert render("{% fixed_url 'home' %}") == "/"


@pytest.mark.parametrize("text", ["{% fixed_url %}", "{% fixed_url home %}", "{% fixed_url 'home' to x %}"])
def test_it_refuses_what_it_cannot_read(text):
    with pytest.raises(TemplateSyntaxError):
        render(text)
