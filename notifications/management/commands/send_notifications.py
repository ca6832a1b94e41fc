from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.services import GROUPING_MAX_DELAY, GROUPING_WINDOW
from notifications.tasks import queue_grouped_emails


class Command(BaseCommand):
    help = (
        "Hands the worker one e-mail per person and document for the "
        "notifications not yet sent, once nothing new happened on the document "
        f"for {int(GROUPING_WINDOW.total_seconds() // 60)} minutes, or at the "
        f"latest {int(GROUPING_MAX_DELAY.total_seconds() // 60)} minutes after "
        "the first of them (people who chose a daily digest are left to "
        "send_daily_digest). run_schedule runs it every minute; running it "
        "again sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = queue_grouped_emails(timezone.now())
        self.stdout.write(f"{count} e-mail(s) de notification confié(s).")
