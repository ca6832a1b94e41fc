from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.services import GROUPING_WINDOW, pending_groups
from notifications.tasks import send_grouped_email


class Command(BaseCommand):
    help = (
        "Hands the worker one e-mail per person and document for the "
        "notifications not yet sent, once nothing new happened on the document "
        f"for {int(GROUPING_WINDOW.total_seconds() // 60)} minutes (people who "
        "chose a daily digest are left to send_daily_digest). Production runs "
        "it every minute or two; running it again sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        groups = pending_groups(timezone.now())
        for recipient_id, document_id in groups:
            send_grouped_email.enqueue(str(recipient_id), str(document_id))
        self.stdout.write(f"{len(groups)} e-mail(s) de notification confié(s).")
