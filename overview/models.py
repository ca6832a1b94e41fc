"""The secret address of a person's calendar, for their agenda application."""

import secrets
import uuid

from django.db import models
from django.urls import reverse

from collectivites.models import Membership


def new_feed_token() -> str:
    """256 random bits: one address cannot be guessed from another."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's calendar, readable without login by whoever holds its
    address: what an agenda application needs. A new address replaces the
    old one, which then leads nowhere; deleting it stops the feed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "abonnement au calendrier"

    def __str__(self) -> str:
        return f"Calendrier de {self.membership}"

    def get_absolute_url(self) -> str:
        return reverse("overview:feed", kwargs={"token": self.token})
