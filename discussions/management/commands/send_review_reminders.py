from typing import Any

from django.core.management.base import BaseCommand

from discussions.services import send_review_reminders


class Command(BaseCommand):
    help = (
        "Reminds every reviewer whose review is due tomorrow and not yet given "
        "(a notification, e-mailed as the person chose). run_schedule runs it "
        "once a day; each reminder is sent once, so running it again is harmless."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_review_reminders()
        self.stdout.write(f"{sent} rappel(s) de relecture envoyé(s).")
