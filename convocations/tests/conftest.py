"""A real SMTP server on loopback, and a séance ready to be convened."""

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from pytest_django import Settings

from quorum.testing import World
from seances.models import PARIS, Seance
from seances.services import add_item, create_seance
from seances.tests.access_rows import validate_point
from seances.workflow import save_draft


@dataclass
class Mailbox:
    """What the server received, and how it misbehaves when told to."""

    messages: list[EmailMessage] = field(default_factory=list)
    # Addresses answered 550 (permanent) or 451 (try later) at RCPT.
    refused: set[str] = field(default_factory=set)
    deferred: set[str] = field(default_factory=set)
    # Drop the connection instead of accepting the message after this many.
    drop_after: int | None = None

    def recipients(self) -> list[str]:
        return sorted(str(message["To"]) for message in self.messages)

    async def handle_RCPT(
        self,
        server: Any,
        session: Any,
        envelope: Any,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        if address in self.deferred:
            return "451 4.2.2 mailbox full, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_after is not None and len(self.messages) >= self.drop_after:
            server.transport.close()
            return "421 4.3.0 closing"
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 2.0.0 queued"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings: Settings) -> Iterator[Mailbox]:
    """Django's SMTP backend pointed at a real server on loopback."""
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    try:
        yield mailbox
    finally:
        controller.stop()


def ready_seance(
    world: World, *, days: int = 20, at: datetime | None = None, kind: str = "ordinaire"
) -> Seance:
    """A council séance whose one délibération is validated."""
    starts_at = at or datetime.combine(
        timezone.localdate() + timedelta(days=days), time(20, 0), tzinfo=PARIS
    )
    seance = create_seance(
        collectivite=world.commune,
        by=world.personas.secretaire,
        starts_at=starts_at,
        place="Salle du conseil",
        kind=kind,
    )
    item = add_item(
        seance,
        by=world.personas.secretaire,
        title="Tarifs de la cantine scolaire",
        kind="deliberation",
        rapporteur=world.memberships["adjointe"],
    )
    save_draft(item, by=world.personas.secretaire, based_on=0, articles="Tarifs.")
    validate_point(world, item)
    seance.refresh_from_db()
    return seance


@pytest.fixture
def seance(world: World) -> Seance:
    return ready_seance(world)
