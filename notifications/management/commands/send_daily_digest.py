from typing import Any

from django.core.management.base import BaseCommand

from notifications.tasks import queue_daily_digests


class Command(BaseCommand):
    help = (
        "Hands the worker the daily summary of every person who chose it, one "
        "per collectivité, with the notifications not yet e-mailed. run_schedule "
        "runs it once a day at QUORUM_DIGEST_HOUR; running it again sends "
        "nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = queue_daily_digests()
        self.stdout.write(f"{count} résumé(s) quotidien(s) confié(s).")
