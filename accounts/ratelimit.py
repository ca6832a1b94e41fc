"""Limits on the e-mails that public pages send (a new password, a login
link): so many an hour for one address and, four times more, for one network
address. The counts live in the database, so every process of the server
shares them."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from accounts.lockout import client_ip
from accounts.models import EmailRequest

WINDOW = timedelta(hours=1)


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def allow_email_request(request: HttpRequest, kind: str, email: str) -> bool:
    """Count one request of ``kind`` for ``email`` from this visitor; false,
    and nothing counted, once either limit is reached. The answer is the
    same whether or not the address has an account."""
    per_address = settings.QUORUM_EMAIL_REQUESTS_PER_HOUR
    limits = {
        _key("address", email.strip().lower()): per_address,
        _key("ip", client_ip(request)): per_address * 4,
    }
    now = timezone.now()
    with transaction.atomic():
        EmailRequest.objects.filter(at__lt=now - WINDOW).delete()
        counts = dict(
            EmailRequest.objects.filter(kind=kind, key__in=limits, at__gte=now - WINDOW)
            .values_list("key")
            .annotate(n=Count("id"))
        )
        if any(counts.get(key, 0) >= limit for key, limit in limits.items()):
            return False
        EmailRequest.objects.bulk_create(
            EmailRequest(kind=kind, key=key, at=now) for key in limits
        )
    return True
