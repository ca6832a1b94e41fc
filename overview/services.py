"""Giving a member the secret address of their calendar, or taking it back."""

import logging

from django.db import transaction

from collectivites.models import Membership
from overview.models import CalendarFeed, new_feed_token

logger = logging.getLogger(__name__)


def renew_feed(membership: Membership) -> CalendarFeed:
    """A new address for the member's calendar; the previous one, if any,
    stops working at once (it may have been shared by mistake)."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            membership=membership
        )
        if not created:
            feed.token = new_feed_token()
            feed.save(update_fields=["token", "updated_at"])
    logger.info("calendar feed renewed membership=%s", membership.pk)
    return feed


def revoke_feed(membership: Membership) -> bool:
    """Stop the member's feed; whether there was one."""
    deleted, _ = CalendarFeed.objects.filter(membership=membership).delete()
    logger.info("calendar feed revoked membership=%s", membership.pk)
    return deleted > 0
