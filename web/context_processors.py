from typing import Any

from django.conf import settings
from django.http import HttpRequest

from collectivites.models import Membership


def quorum(request: HttpRequest) -> dict[str, Any]:
    """What the layout needs on every page: branding and the switcher."""
    user = getattr(request, "user", None)
    memberships: list[Membership] = []
    if user is not None and user.is_authenticated:
        memberships = list(
            Membership.objects.current()
            .filter(user=user)
            .select_related("collectivite")
            .order_by("collectivite__name")
        )
    return {
        "STATE_BRAND": settings.QUORUM_STATE_BRAND,
        "OPERATOR_NAME": settings.QUORUM_OPERATOR_NAME,
        "my_memberships": memberships,
        "ctx": getattr(request, "ctx", None),
    }
