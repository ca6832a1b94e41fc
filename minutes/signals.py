"""What the minutes follow of the séances, without the séances knowing:
a séance of the council closing (its procès-verbal and list are made), a
séance of the council planned (it takes the approval of the procès-verbaux
waiting), a vote on an approval point (the procès-verbal is approved).

Each receiver runs inside the transaction of the change it follows.
"""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from minutes import services
from proceedings.models import Sitting, Vote
from seances.models import Seance


@receiver(post_save, sender=Sitting, dispatch_uid="minutes_sitting_closed")
def sitting_saved(sender: type, instance: Sitting, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if (
        kwargs.get("raw")
        or instance.closed_at is None
        or (fields is not None and "closed_at" not in fields)
    ):
        return
    # Who closed it is not known here: the journal's « seance.closed »
    # says it; what follows from it is the system's.
    services.prepare_after_closing(instance, by=None)


@receiver(post_save, sender=Seance, dispatch_uid="minutes_seance_planned")
def seance_saved(sender: type, instance: Seance, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        services.attach_waiting(instance, by=None)


@receiver(post_save, sender=Vote, dispatch_uid="minutes_approval_vote")
def vote_saved(sender: type, instance: Vote, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        services.follow_approval_vote(instance)
