from typing import Any

from django.core.management.base import BaseCommand, CommandError

from journal.models import JournalEntry
from journal.services import verify


class Command(BaseCommand):
    help = (
        "Vérifie que personne n'a modifié, supprimé ou inséré d'entrée dans le journal."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = verify()
        if breaks:
            for found in breaks:
                self.stderr.write(found.describe())
            raise CommandError(
                f"Le journal a été altéré : {len(breaks)} anomalie(s) trouvée(s)."
            )
        count = JournalEntry.objects.count()
        self.stdout.write(f"Journal intact : {count} entrée(s) vérifiée(s).")
