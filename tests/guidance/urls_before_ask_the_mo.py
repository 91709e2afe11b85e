"""The site's URLs without Ask the Monitoring Officer, as they were before that feature landed.

The document page must still offer a way to ask: an email to the Monitoring Officer.
"""

from portal.urls import urlpatterns as site_patterns

urlpatterns = [pattern for pattern in site_patterns if getattr(pattern, "namespace", None) != "advice"]
