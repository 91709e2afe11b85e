"""``{% fixed_url %}``: a URL without arguments, worked out once rather than on every page.

The header and footer link to about twenty pages on every request; Django's
``{% url %}`` resolves each one every time (roughly 0.1 ms apiece). A URL with no
arguments only changes with the URLconf, so it is kept per URLconf.

    {% fixed_url 'home' %}                       the path; an unknown name raises, as {% url %} does
    {% fixed_url 'advice:queue' as queue_url %}  "" when the page does not exist, as {% url ... as %}
"""

from django import template
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, reverse

register = template.Library()

_memo: dict = {"resolver": None, "urls": {}}


def fixed(name: str) -> str | None:
    """reverse(name), or None where no URL has that name; kept while the URLconf is the same."""
    resolver = get_resolver()  # a new object whenever the URL caches are cleared (tests, reloads)
    if _memo["resolver"] is not resolver:
        _memo["resolver"], _memo["urls"] = resolver, {}
    urls = _memo["urls"]
    key = (get_script_prefix(), name)
    if key not in urls:
        try:
            urls[key] = reverse(name)
        except NoReverseMatch:
            urls[key] = None
    return urls[key]


class FixedURLNode(template.Node):
    def __init__(self, name: str, var: str | None):
        self.name, self.var = name, var

    def render(self, context):
        url = fixed(self.name)
        if self.var:
            context[self.var] = url or ""
            return ""
        if url is None:
            raise NoReverseMatch(f"No URL is named {self.name!r}.")
        return url


@register.tag
def fixed_url(parser, token):
    bits = token.split_contents()
    if len(bits) == 2:
        var = None
    elif len(bits) == 4 and bits[2] == "as":
        var = bits[3]
    else:
        raise template.TemplateSyntaxError(
            "Use {% fixed_url 'name' %} or {% fixed_url 'name' as variable %}."
        )
    name = bits[1]
    if len(name) < 2 or name[0] != name[-1] or name[0] not in "'\"":
        raise template.TemplateSyntaxError("fixed_url takes a quoted URL name.")
    return FixedURLNode(name[1:-1], var)
