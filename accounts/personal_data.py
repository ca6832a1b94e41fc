"""What Quorum holds about one person, for them to download (GDPR art. 15
and 20), and how long the logs about people are kept.

The download is built from the models themselves: every row of the
project's apps that points at the person (their account, or one of their
memberships) is in it, so that a new model is covered without a line here.
Secrets that would let someone log in as them are left out.
"""

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from accounts.models import EmailRequest, LoginLink, User
from collectivites.models import Collectivite, Membership
from journal.services import record

# Never in a download: what would open the account, or another one.
SECRET_FIELDS = frozenset(
    ["password", "secret", "code_hash", "token", "token_hash", "key", "key_hash"]
)
# Models whose rows about a person are only secrets (named with the reason in
# portability/registry.py too).
SECRET_MODELS = frozenset(
    ["accounts.totpdevice", "accounts.recoverycode", "accounts.loginlink"]
)


def _project_models() -> Iterator[type[models.Model]]:
    base = Path(settings.BASE_DIR).resolve()
    for app in apps.get_app_configs():
        if Path(app.path).resolve().parent == base:
            yield from app.get_models()


def _value(row: models.Model, field: models.Field[Any, Any]) -> Any:
    value = getattr(row, field.attname)
    return (
        str(value) if hasattr(value, "hex") and not isinstance(value, bytes) else value
    )


def _rows(model: type[models.Model], lookups: list[models.Q]) -> list[dict[str, Any]]:
    if not lookups:
        return []
    query = lookups[0]
    for lookup in lookups[1:]:
        query |= lookup
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in SECRET_FIELDS
    ]
    return [
        {field.name: _value(row, field) for field in fields}
        for row in model._default_manager.filter(query).order_by("pk")
    ]


def personal_data(user: User) -> dict[str, Any]:
    """Everything Quorum holds about ``user``, grouped by kind of record."""
    memberships = list(
        Membership.objects.filter(user=user).values_list("pk", flat=True)
    )
    found: dict[str, Any] = {
        "format": "quorum-donnees-personnelles/1",
        "exported_at": timezone.now(),
        "person": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "created_at": user.created_at,
            "last_login": user.last_login,
        },
    }
    for model in _project_models():
        label = model._meta.label_lower
        if label in SECRET_MODELS or model is User:
            continue
        lookups = []
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if target is User:
                lookups.append(models.Q(**{field.name: user}))
            elif target is Membership and memberships:
                lookups.append(models.Q(**{f"{field.name}__in": memberships}))
        if model is Membership:
            lookups = [models.Q(user=user)]
        if rows := _rows(model, lookups):
            found[label] = {"noun": str(model._meta.verbose_name_plural), "rows": rows}
    return found


def export_personal_data(user: User) -> bytes:
    """The download, journaled in each collectivité the person belongs to
    (the platform's chain for someone who belongs to none)."""
    data = json.dumps(
        personal_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1
    ).encode()
    places: list[Any] = list(
        Collectivite.objects.filter(memberships__user=user).distinct()
    )
    with transaction.atomic():
        for collectivite in places or [None]:
            record(
                "personal_data.exported",
                collectivite=collectivite,
                actor=user,
                target=user,
                size=len(data),
            )
    return data


# --- Retention ------------------------------------------------------------------


def purge_expired_logs(now: datetime | None = None) -> int:
    """Erase the logs about people older than their retention period; the
    journal is not one of them (it is the legal evidence and stays).
    Returns how many rows went."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # noqa: PLC0415

    notification_model = apps.get_model("notifications", "Notification")
    now = now or timezone.now()
    notifications = now - timedelta(days=settings.QUORUM_NOTIFICATION_RETENTION_DAYS)
    security = now - timedelta(days=settings.QUORUM_SECURITY_LOG_RETENTION_DAYS)
    erased = 0
    for queryset in (
        notification_model.objects.filter(created_at__lt=notifications),
        LoginLink.objects.filter(created_at__lt=security),
        EmailRequest.objects.filter(created_at__lt=security),
        AccessAttempt.objects.filter(attempt_time__lt=security),
        AccessFailureLog.objects.filter(attempt_time__lt=security),
        AccessLog.objects.filter(attempt_time__lt=security),
    ):
        count, _ = queryset.delete()
        erased += count
    return erased
