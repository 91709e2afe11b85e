"""The registers' pages that are the same for everyone who may open them, kept rendered until a
write changes what they show.

- The public pages show only what is published, the same to every visitor (they never read who
  is asking), so one rendered copy of a page's content serves everyone; the page around it
  (header, messages) is still rendered per request.
- The Monitoring Officer's lists (waiting for review, overdue, late gifts, dispensation requests)
  are the same for the Monitoring Officer and the Deputy, and shown to no one else: the copy's
  key says it is the officers' (``("office", "officer")``), and the view renders it only for them.

Every copy is checked against one version stamp (portal.stamped_cache), read in the
same round trip as the copy. Saving or deleting a row of any model these pages read (registers,
versions, entries, headings, gifts, dispensations, members, councils) changes the
stamp as soon as the write happens and again when its transaction commits, so a
reader who filled the cache in between cannot keep a page from before the write
(publishing a version, replacing it, withholding an entry's details, submitting a
return are all saves). The key also holds the day: who is serving or overdue,
which dispensations are in force and which gifts are recent are dates. Writes that
send no signal (QuerySet.update, bulk_create, SQL by hand) are caught by a copy's
short lifetime.

The cache is an aid: when it is down the page is rendered as before.
"""

from portal.stamped_cache import Stamped


def _models():
    from interests.models import Category, Dispensation, Entry, Gift, Register, Return
    from portal.models import Authority, Member

    return (Register, Return, Entry, Category, Gift, Dispensation, Member, Authority)


PAGES = Stamped("interests:pages", _models, lifetime=60)
STAMP = PAGES.stamp_key
changed = PAGES.changed
page = PAGES.page
connect = PAGES.connect
