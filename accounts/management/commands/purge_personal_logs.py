from typing import Any

from django.core.management.base import BaseCommand

from accounts.personal_data import purge_expired_logs


class Command(BaseCommand):
    help = (
        "Efface les notifications et les journaux de sécurité plus anciens que "
        "leur durée de conservation (le journal légal est gardé)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{purge_expired_logs()} ligne(s) effacée(s).")
