"""The journal: append-only, each entry chained to the previous by its hash."""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models

from collectivites.models import Collectivite


class JournalEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Who acted, in words that stay true in any database (the e-mail at the
    # time): the hash covers this label, not the account's id, so an export
    # can be imported where the same person has another account.
    actor_label = models.CharField(max_length=254, blank=True)
    at = models.DateTimeField()
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def canonical(self) -> str:
        """What the hash covers: every fact of the entry and the previous hash."""
        payload: dict[str, Any] = {
            "collectivite": str(self.collectivite_id or ""),
            "actor": self.actor_label,
            "at": self.at.isoformat(),
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "data": self.data,
            "previous_hash": self.previous_hash,
        }
        return json.dumps(
            payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()
