from typing import Any

from django.core.management.base import BaseCommand

from notifications.tasks import queue_weekly_summaries


class Command(BaseCommand):
    help = (
        "Hands the worker the weekly summary of the commune's activity of each "
        "member who chose it (the maire). run_schedule runs it on Mondays at "
        "QUORUM_DIGEST_HOUR; running it again the same week sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = queue_weekly_summaries()
        self.stdout.write(f"{count} résumé(s) hebdomadaire(s) confié(s).")
