"""Markers in what Quorum sends rather than shows: every e-mail (the
convocation, its attachments, the notifications, the daily digest) and every
personal calendar feed carries a marker only to those allowed to see it.

The world of ``test_markers`` is made the same way, then people discuss the
marked document and the marked points, mentioning others, so that messages
about them leave.
"""

import io
from datetime import timedelta
from email.message import EmailMessage

import pypdf
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from discussions.services import request_review, start_thread
from overview.models import CalendarFeed
from quorum.testing import World
from web.tests.test_markers import (
    HUIS_CLOS_MARKER,
    SECRETS,
    _marked,
    make_council,
)

MARKERS = {secret.marker: secret.seen_by for secret in SECRETS}


def _text_of(message: mail.EmailMessage) -> str:
    """What a person reads of a message: its subject, its bodies and its
    attachments, PDFs as text."""
    parts = [message.subject, str(message.body)]
    parts += [str(body) for body, _ in getattr(message, "alternatives", [])]
    for attachment in message.attachments:
        if isinstance(attachment, EmailMessage):
            parts.append(attachment.as_string())
            continue
        name, content, _ = attachment
        data = content.encode() if isinstance(content, str) else content
        parts.append(name or "")
        if data.startswith(b"%PDF"):
            parts += [
                page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages
            ]
        else:
            parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.fixture
def sent(world: World) -> list[mail.EmailMessage]:
    people = world.personas
    make_council(world)
    huis_clos = _marked(HUIS_CLOS_MARKER)
    start_thread(
        author=people.secretaire,
        body="Pouvez-vous relire le budget ?",
        document=world.finances_doc,
        mentioned=[people.adjointe],
    )
    request_review(
        document=world.finances_doc,
        by=people.secretaire,
        reviewers=[people.adjointe],
        due_on=timezone.localdate() + timedelta(days=7),
    )
    start_thread(
        author=people.secretaire,
        body="Le rapport est prêt.",
        agenda_item=huis_clos,
        mentioned=[people.conseiller, people.agent],
    )
    call_command("send_notifications")
    call_command("send_daily_digest")
    return list(mail.outbox)


@pytest.mark.django_db
def test_every_message_carries_a_marker_only_to_those_allowed(world: World, sent):
    persona_of = {
        user.email.lower(): name
        for name, user in world.personas.by_name().items()
        if user is not None
    }
    carried = set()
    for message in sent:
        text = _text_of(message)
        recipients = {persona_of.get(a.lower(), a) for a in message.recipients()}
        for marker, allowed in MARKERS.items():
            if marker in text:
                carried.add(marker)
                assert recipients <= allowed, (
                    f"{marker} sent to {sorted(recipients - allowed)}: {message.subject}"
                )
    # The convocation and the discussions did carry markers to someone: the
    # check above is not an empty one.
    assert HUIS_CLOS_MARKER in carried


@pytest.mark.django_db
def test_every_calendar_feed_shows_a_marker_only_to_those_allowed(world: World, sent):
    client = Client()
    for name, membership in world.memberships.items():
        feed = CalendarFeed.objects.create(membership=membership)
        body = client.get(feed.get_absolute_url()).content.decode()
        for marker, allowed in MARKERS.items():
            if name not in allowed:
                assert marker not in body, f"{marker} in the feed of {name}"
