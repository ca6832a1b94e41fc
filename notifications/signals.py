"""A new version of a document tells the people who follow it: those who
wrote in its discussion and those asked to review it."""

import logging
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User
from discussions.access import people_who_see
from discussions.models import Comment, Review
from documents.models import Version
from notifications.models import Notification
from notifications.services import notify

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Version, dispatch_uid="notify_new_version")
def version_added(
    sender: type[Version], instance: Version, created: bool, **kwargs: Any
) -> None:
    if not created or instance.number == 1 or kwargs.get("raw"):
        return
    # In the transaction of the upload: both land or neither does.
    notify_new_version(instance.pk)


def notify_new_version(version_id: UUID) -> None:
    version = (
        Version.objects.select_related("document", "created_by")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        return
    document = version.document
    followers = User.objects.filter(
        pk__in=Comment.objects.filter(thread__document=document).values("author_id")
    ) | User.objects.filter(
        pk__in=Review.objects.filter(request__document=document).values("reviewer_id")
    )
    allowed = {user.pk for user in people_who_see(document)}
    with transaction.atomic():
        notify(
            Notification.Kind.NEW_VERSION,
            recipients=[user for user in followers.distinct() if user.pk in allowed],
            document=document,
            actor=version.created_by,
        )
