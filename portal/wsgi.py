import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django_application = get_wsgi_application()

from portal.request_guard import ChunkedBodyLimit  # noqa: E402 - after Django is set up
from portal.warmup import warm  # noqa: E402

warm()

# Bodies sent without a length are held to PORTAL_REQUEST_MAX_BYTES too.
application = ChunkedBodyLimit(django_application)
