from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portability.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde de make backup dans une instance vide."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Archive écrite par make backup.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["archive"])
        if not source.is_file():
            raise CommandError(f"Sauvegarde introuvable : {source}")
        try:
            summary = restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        # A backup made by an older version: bring its tables up to date.
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            f"Sauvegarde restaurée : {summary.files} fichier(s), {summary.size} "
            "octets, et la base de données."
        )
