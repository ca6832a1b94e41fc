from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from portability.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sauvegarde toute l'instance (base de données et fichiers) dans une "
        "seule archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "out",
            nargs="?",
            help="Archive à écrire (par défaut var/sauvegardes/quorum-DATE.tar).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings  # noqa: PLC0415

        out = options["out"] or str(
            Path(settings.VAR_DIR)
            / "sauvegardes"
            / f"quorum-{timezone.now():%Y%m%d-%H%M%S}.tar"
        )
        try:
            summary = backup(Path(out))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sauvegarde écrite : {out} (base {summary.engine.rsplit('.', 1)[-1]}, "
            f"{summary.files} fichier(s), {summary.size} octets)."
        )
