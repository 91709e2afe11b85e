"""Work a web process does once when it starts, instead of in its first request.

Without it the first request a new worker serves (after every deploy, and each
time gunicorn replaces a worker after PORTAL_WEB_MAX_REQUESTS) imports every
view, compiles the site's layout and opens the cache's client library: a second
or more for whoever sent it. None of this touches the database, so it is safe
before gunicorn forks or while the database is down.
"""

import gc
import logging

logger = logging.getLogger(__name__)

LAYOUT = ["base.html", "includes/header.html", "includes/footer.html", "includes/messages.html"]


def _fill_reverse_tables(resolver) -> None:
    resolver.reverse_dict  # noqa: B018 - works out this level's lookup tables
    for _prefix, namespace in resolver.namespace_dict.values():
        _fill_reverse_tables(namespace)


def warm() -> None:
    from django.core.cache import cache
    from django.template.loader import get_template
    from django.urls import get_resolver

    try:
        _fill_reverse_tables(get_resolver())  # imports every view module on the way
        from portal.templatetags.portal_urls import FixedURLNode, fixed

        for name in LAYOUT:
            layout = get_template(name).template
            for node in layout.nodelist.get_nodes_by_type(FixedURLNode):
                fixed(node.name)  # and each namespace's own lookup tables on the way
        getattr(cache, "_cache", None)  # the Redis backend's client (the library), not a connection
    except Exception:  # a warm-up is an aid: the first request does it instead
        logger.warning("Start-up warm-up failed; the first request will do the work", exc_info=True)
    # What the process made at start lives as long as it does: move it out of the garbage
    # collector's sight, so that its full collections (which pause a request) stay short.
    gc.collect()
    gc.freeze()
