"""``manage.py reindex_search``: rebuild the search index from the data."""

from typing import Any

from django.core.management.base import BaseCommand

from search.indexing import reindex_all


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de recherche à partir des documents, des "
        "discussions et des points de l'ordre du jour."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = reindex_all()
        self.stdout.write(
            self.style.SUCCESS(f"Index de recherche reconstruit : {count} entrées.")
        )
