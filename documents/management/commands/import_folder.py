"""``manage.py import_folder DIR --collectivite SLUG --workspace NAME``."""

import difflib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from collectivites.models import Collectivite, Membership, Workspace
from documents.folder_import import (
    ImportReport,
    Outcome,
    default_author,
    import_folder,
)


class Command(BaseCommand):
    help = (
        "Importe toute une arborescence de fichiers dans un espace de travail, "
        "en gardant les dossiers. Relancé sur le même dossier, il n'importe "
        "rien deux fois."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="dossier à importer")
        parser.add_argument(
            "--collectivite", required=True, help="identifiant de la collectivité"
        )
        parser.add_argument(
            "--workspace", required=True, help="nom de l'espace de travail"
        )
        parser.add_argument(
            "--author",
            help="adresse e-mail de l'auteur (par défaut : le ou la secrétaire "
            "de mairie, sinon le premier administrateur)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(options["directory"]).expanduser()
        if not root.is_dir():
            raise CommandError(f"Le dossier « {root} » n'existe pas.")
        collectivite = find_collectivite(options["collectivite"])
        workspace = find_workspace(collectivite, options["workspace"])
        author = find_author(collectivite, options["author"])

        self.stdout.write(
            f"Import de « {root} » dans l'espace « {workspace.name} » "
            f"({collectivite.name}), au nom de {author}."
        )
        report = import_folder(root, workspace=workspace, author=author)
        write_report(self, report, verbose=options["verbosity"] >= 2)


def write_report(command: BaseCommand, report: ImportReport, verbose: bool) -> None:
    """Every file not simply imported, with its reason, then the summary."""
    for entry in report.entries:
        if entry.outcome == Outcome.CREATED and not verbose:
            continue
        line = f"  {entry.describe()}"
        if entry.outcome == Outcome.REFUSED:
            command.stdout.write(command.style.WARNING(line))
        else:
            command.stdout.write(line)
    command.stdout.write(command.style.SUCCESS(f"Résumé : {report.summary()}."))


def find_collectivite(slug: str) -> Collectivite:
    collectivite = Collectivite.objects.filter(slug=slug).first()
    if collectivite is not None:
        return collectivite
    message = f"Aucune collectivité n'a l'identifiant « {slug} »."
    slugs = list(Collectivite.objects.values_list("slug", flat=True))
    close = difflib.get_close_matches(slug, slugs, n=3)
    if close:
        message += " Vouliez-vous dire : " + ", ".join(close) + " ?"
    elif len(slugs) <= 20:
        message += " Collectivités existantes : " + (", ".join(slugs) or "aucune") + "."
    raise CommandError(message)


def find_workspace(collectivite: Collectivite, name: str) -> Workspace:
    workspaces = Workspace.objects.filter(collectivite=collectivite)
    found = workspaces.filter(name=name).first()
    if found is None:
        matches = list(workspaces.filter(name__iexact=name.strip()))
        found = matches[0] if len(matches) == 1 else None
    if found is not None:
        return found
    names = [f"« {w} »" for w in workspaces.order_by("name")]
    listing = ", ".join(names) if names else "aucun pour le moment"
    raise CommandError(
        f"{collectivite.name} n'a pas d'espace de travail « {name} ». "
        f"Espaces existants : {listing}."
    )


def find_author(collectivite: Collectivite, email: str | None) -> User:
    if not email:
        author = default_author(collectivite)
        if author is None:
            raise CommandError(
                f"{collectivite.name} n'a ni secrétaire de mairie ni administrateur "
                "en fonction : indiquez l'auteur avec --author ADRESSE."
            )
        return author
    membership = (
        Membership.objects.current()
        .select_related("user")
        .filter(collectivite=collectivite, user__email=email.strip().lower())
        .first()
    )
    if membership is None:
        raise CommandError(
            f"« {email} » n'est pas membre en fonction de {collectivite.name}."
        )
    return membership.user
