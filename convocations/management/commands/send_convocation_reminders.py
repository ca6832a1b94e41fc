from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from convocations.reminders import queue_reminders


class Command(BaseCommand):
    help = (
        "Reminds, two days before their séance, the members who have not "
        "opened their convocation. Meant to run once a day; each member is "
        "reminded once at most, so running it again is harmless."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = queue_reminders(timezone.localdate())
        self.stdout.write(f"{queued} rappel(s) de convocation à envoyer.")
