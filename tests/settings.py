"""The test suite runs the portal's own settings as the local demo does.

`PORTAL_LOCAL_DEMO` gives production behaviour (DEBUG off, the portal's own
error pages) over plain http on loopback, which is where the test client and
the browser tests talk to the site. Anything the environment sets still wins.
"""

import os

os.environ.setdefault("PORTAL_LOCAL_DEMO", "1")

from portal.settings import *  # noqa: E402, F403
