"""The pass that queues again what a dead worker left: only what is
clearly abandoned, and each e-mail still leaves once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from convocations.models import Delivery
from convocations.sending import resume_stalled
from previews.models import Rendition
from previews.services import resume_stalled_renditions
from proceedings.tests.helpers import make_council
from quorum.testing import World

pytestmark = pytest.mark.django_db


def test_a_sending_that_still_moves_is_left_to_its_worker():
    council = make_council(4)
    delivery = council.seance.convocation.deliveries.first()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PENDING, updated_at=timezone.now()
    )
    sent = len(mail.outbox)
    assert resume_stalled() == 0
    assert len(mail.outbox) == sent


def test_an_abandoned_sending_is_queued_again_and_sends_only_what_waits():
    council = make_council(4)
    delivery = council.seance.convocation.deliveries.first()
    long_ago = timezone.now() - timedelta(minutes=16)
    Delivery.objects.filter(convocation=council.seance.convocation).update(
        updated_at=long_ago
    )
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, sent_at=long_ago
    )
    sent = len(mail.outbox)
    assert resume_stalled() == 1
    assert len(mail.outbox) == sent + 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.ACCEPTED
    assert resume_stalled() == 0


def test_only_a_conversion_left_for_half_an_hour_is_converted_again(world: World):
    rendition, _ = Rendition.objects.get_or_create(
        source=world.finances_v2.blob, kind=Rendition.Kind.PREVIEW
    )
    Rendition.objects.filter(pk=rendition.pk).update(
        state=Rendition.State.RUNNING, started_at=timezone.now()
    )
    assert resume_stalled_renditions() == 0
    Rendition.objects.filter(pk=rendition.pk).update(
        started_at=timezone.now() - timedelta(minutes=31)
    )
    assert resume_stalled_renditions() == 1
    rendition.refresh_from_db()
    assert rendition.state != Rendition.State.RUNNING
