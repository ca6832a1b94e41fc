from typing import Any

from django.core.management.base import BaseCommand

from notifications.services import daily_digest_pairs
from notifications.tasks import send_digest_email


class Command(BaseCommand):
    help = (
        "Hands the worker the daily summary of every person who chose it, one "
        "per collectivité, with the notifications not yet e-mailed. Production "
        "runs it once a day (early morning); running it again sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pairs = daily_digest_pairs()
        for recipient_id, collectivite_id in pairs:
            send_digest_email.enqueue(str(recipient_id), str(collectivite_id))
        self.stdout.write(f"{len(pairs)} résumé(s) quotidien(s) confié(s).")
