"""``manage.py export_collectivite SLUG OUT``."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat

from portability.archive import PortabilityError, Report, silent
from portability.exporting import export_collectivite


class Command(BaseCommand):
    help = (
        "Exporte tout ce qui appartient à une collectivité dans une archive zip : "
        "collectivite.json (UTF-8) et files/<sha256> pour chaque fichier stocké. "
        "L'archive contient les empreintes des mots de passe des personnes (pas "
        "les mots de passe eux-mêmes), pour que leurs comptes fonctionnent après "
        "l'import : conservez-la comme une donnée sensible."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="identifiant de la collectivité")
        parser.add_argument("out", help="archive à écrire, par exemple export.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]).expanduser()
        if not options["out"] or out.is_dir():
            raise CommandError(
                "Indiquez le fichier à écrire, par exemple OUT=export.zip."
            )
        if not out.parent.is_dir():
            raise CommandError(f"Le dossier « {out.parent} » n'existe pas.")

        try:
            summary = export_collectivite(options["slug"], out, progress(self, options))
        except PortabilityError as error:
            raise CommandError(str(error)) from error

        collectivite = summary.collectivite
        self.stdout.write(
            f"« {collectivite.name} » ({collectivite.slug}) exportée dans {out} :"
        )
        for noun, count in summary.counts:
            self.stdout.write(f"  {noun} : {count}")
        self.stdout.write(
            f"  fichiers : {summary.files} ({filesizeformat(summary.size)})"
        )
        for found in summary.journal_breaks:
            self.stderr.write(
                self.style.WARNING(
                    f"Attention : journal, entrée n° {found.entry_id} : {found.reason}. "
                    "L'import de cette archive sera refusé tant que le journal ne se "
                    "vérifie pas."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Export terminé. L'archive contient les empreintes des mots de passe : "
                "conservez-la comme une donnée sensible."
            )
        )


def progress(command: BaseCommand, options: dict[str, Any]) -> Report:
    """Each step printed as it happens, unless ``--verbosity 0``; flushed,
    so that a long export shows where it is even through a pipe."""
    if options["verbosity"] < 1:
        return silent

    def report(line: str) -> None:
        command.stdout.write(line)
        command.stdout.flush()

    return report
