"""``manage.py purge_trash``: empty the trash of what is past its 30 days.

``manage.py run_schedule`` runs it once a day. A document deleted more than
``TRASH_DAYS`` days ago is marked purged: it leaves the trash and can no
longer be restored. Its rows and bytes are kept (see
``documents.services.purge_trash`` for why). Running it twice purges nothing
more."""

from typing import Any

from django.core.management.base import BaseCommand

from documents.models import TRASH_DAYS
from documents.services import purge_trash


class Command(BaseCommand):
    help = (
        f"Retire de la corbeille les documents supprimés depuis plus de "
        f"{TRASH_DAYS} jours : ils ne peuvent plus être restaurés. Rien n'est "
        "effacé du stockage."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_trash()
        self.stdout.write(f"{count} document(s) retiré(s) de la corbeille.")
