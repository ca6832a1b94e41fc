"""Who reaches the notification pages. See ``web/tests/matrix.py``."""

from typing import Any

from notifications.models import Notification
from notifications.services import notify
from quorum.testing import World
from web.tests.matrix import MEMBERS, Row


def _in_commune(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _adjointe_notification(world: World) -> dict[str, Any]:
    (notification,) = notify(
        Notification.Kind.MENTION,
        recipients=[world.personas.adjointe],
        document=world.finances_doc,
        actor=world.personas.secretaire,
    )
    return {"collectivite": world.slug, "notification_id": notification.id}


ROWS = {
    # Every member reads their own notifications and sets their own choice.
    "notifications:list": Row(_in_commune, MEMBERS),
    "notifications:mark_all_read": Row(
        _in_commune, MEMBERS, method="POST", ok_status=302
    ),
    "notifications:preferences": (
        Row(_in_commune, MEMBERS),
        Row(
            _in_commune,
            MEMBERS,
            method="POST",
            ok_status=302,
            data=lambda w: {"email_mode": "daily"},
        ),
    ),
    # A notification opens for its recipient alone.
    "notifications:open": Row(
        _adjointe_notification, {"adjointe"}, method="POST", ok_status=302
    ),
}
