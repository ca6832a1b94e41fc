"""Who reads a collectivité's journal: decided by ``domain.access``."""

from django.db.models import QuerySet

from collectivites.access import Context, require
from domain import access
from journal.models import JournalEntry


def journal_for(ctx: Context) -> QuerySet[JournalEntry]:
    """The entries of the actor's collectivité, and only those; 404 for
    anyone who does not manage it."""
    require(access.can_read_journal(ctx.actor))
    return JournalEntry.objects.filter(collectivite=ctx.collectivite)
