"""Who reaches the notification pages. See ``web/tests/matrix.py``."""

from typing import Any

from notifications.models import Notification
from notifications.services import notify
from quorum.testing import World
from seances.tests.access_rows import make_draft_point
from seances.workflow import request_review
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


def _adjointe_point_notification(world: World) -> dict[str, Any]:
    """The adjointe is asked to review the draft point she reports."""
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    notification = Notification.objects.get(agenda_item=item)
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
    # A notification opens for its recipient alone, on a document or a point.
    "notifications:open": (
        Row(_adjointe_notification, {"adjointe"}, method="POST", ok_status=302),
        Row(
            _adjointe_point_notification,
            {"adjointe"},
            method="POST",
            ok_status=302,
        ),
    ),
}
