"""``manage.py import_collectivite IN``."""

from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from portability.archive import PortabilityError
from portability.importing import import_collectivite
from portability.management.commands.export_collectivite import progress


class Command(BaseCommand):
    help = (
        "Restaure une collectivité exportée par export_collectivite, dans une base "
        "où elle n'existe pas encore : tout est importé, ou rien. Les personnes "
        "retrouvent leur mot de passe (l'archive en contient les empreintes) ; "
        "une personne dont l'adresse e-mail existe déjà dans la base, par exemple "
        "une secrétaire partagée entre deux communes, est reprise telle qu'elle "
        "est, avec son mot de passe actuel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="archive écrite par export_collectivite")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["archive"]:
            raise CommandError(
                "Indiquez l'archive à importer, par exemple IN=export.zip."
            )
        try:
            summary = import_collectivite(
                Path(options["archive"]).expanduser(), progress(self, options)
            )
        except PortabilityError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(
            f"« {summary.name} » ({summary.slug}), exportée le "
            f"{when(summary.exported_at)}, importée :"
        )
        for noun, count in summary.counts:
            self.stdout.write(f"  {noun} : {count}")
        for reused in summary.reused_people:
            self.stdout.write(
                f"  {reused.email} existait déjà (même {reused.by}) : compte repris "
                "tel quel, sans doublon."
            )
        if summary.reused_blobs:
            self.stdout.write(
                f"  {summary.reused_blobs} contenu(s) déjà stocké(s) pour une autre "
                "collectivité : repris sans copie."
            )
        for noun in summary.renumbered:
            self.stdout.write(
                f"  {noun} : numéros déjà pris dans cette base, renumérotées dans "
                "le même ordre."
            )
        self.stdout.write(self.style.SUCCESS("Import terminé ; le journal se vérifie."))


def when(moment: str) -> str:
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    if timezone.is_naive(parsed):
        return moment
    return timezone.localtime(parsed).strftime("%d/%m/%Y à %H:%M")
