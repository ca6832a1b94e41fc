from typing import Any

from django.core.management.base import BaseCommand

from documents.antivirus import scan_held_back, scanner


class Command(BaseCommand):
    help = "Passe à l'antivirus les fichiers déposés encore en attente de vérification."

    def handle(self, *args: Any, **options: Any) -> None:
        engine = scanner()
        decided = scan_held_back()
        where = engine.name if engine else "aucun antivirus"
        self.stdout.write(f"{decided} fichier(s) vérifié(s) ({where}).")
