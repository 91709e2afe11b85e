"""Calendar feed."""

from django.db import transaction

from portal.models import Member
from training.models import (
    CalendarFeed,
    Event,
)


def feed_for(*, member: Member) -> CalendarFeed:
    """The member's feed; its ``token`` (the secret address) is set only if it was made just now."""
    feed, _ = CalendarFeed.objects.get_or_create(member=member)
    return feed


def feed_reset(*, member: Member, actor) -> CalendarFeed:
    """Give the member a new secret calendar address; the old one stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(member=member)
        if not created:
            feed.issue_token()
            feed.save(update_fields=["token_hash", "created_at"])
        Event.record(action=Event.Action.FEED_RESET, actor=actor, member=member)
    return feed
