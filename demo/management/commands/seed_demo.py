"""``manage.py seed_demo [--reset]``: the data behind ``make demo``."""

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo import data
from demo.builder import DemoResult, seed_demo, workspace_counts


class Command(BaseCommand):
    help = (
        "Crée les données de démonstration. Relancée, elle garde la démo "
        "existante ; --reset la supprime et la reconstruit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="supprime la démo existante puis la reconstruit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = os.environ.get("PORT", "8000")
        if not port.isdigit():
            raise CommandError(f"PORT doit être un numéro de port, pas « {port} ».")

        result = seed_demo(
            corpus_dir=Path(settings.QUORUM_CORPUS_DIR), reset=options["reset"]
        )

        self._write_outcome(result, reset=options["reset"])
        self._write_documents(result)
        self._write_accounts(port)

    def _write_outcome(self, result: DemoResult, *, reset: bool) -> None:
        towns = " et ".join(town.name for town in data.TOWNS)
        if not result.built:
            self.stdout.write(
                f"La démo existe déjà ({towns}) : ses données sont conservées. "
                "Pour la reconstruire : make demo RESET=1 "
                "(ou manage.py seed_demo --reset)."
            )
        elif reset:
            self.stdout.write(self.style.SUCCESS(f"Démo reconstruite : {towns}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Démo créée : {towns}."))

    def _write_documents(self, result: DemoResult) -> None:
        if result.built and result.corpus_dir is None:
            self.stdout.write(
                f"Corpus réel absent ({settings.QUORUM_CORPUS_DIR}) : la démo a "
                "écrit ses propres documents d'exemple."
            )
        if result.reports:
            self.stdout.write(
                f"\nDocuments réels importés depuis {result.corpus_dir} :"
            )
        for report in result.reports:
            source = report.root.name if report.root != result.corpus_dir else "."
            self.stdout.write(
                f"  {source} → « {report.workspace.name} » : {report.summary()}"
            )
            for entry in report.not_taken:
                self.stdout.write(self.style.WARNING(f"    {entry.describe()}"))

        self.stdout.write("\nDocuments par espace de travail :")
        for workspace, count in workspace_counts():
            self.stdout.write(
                f"  {workspace.collectivite.name} — {workspace.name} : {count}"
            )

    def _write_accounts(self, port: str) -> None:
        self.stdout.write(f"\nAdresse : http://127.0.0.1:{port}/")
        self.stdout.write(f"Comptes (mot de passe pour tous : {data.PASSWORD}) :")
        accounts = [
            person for town in data.TOWNS for person in town.people if person.login
        ]
        width = max(len(person.email) for person in accounts)
        for person in accounts:
            self.stdout.write(
                f"  {person.email:<{width}}  {person.first_name} "
                f"{person.last_name} — {person.shows}"
            )
