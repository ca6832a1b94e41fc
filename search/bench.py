"""How long a search takes over 10,000 documents, in a throwaway database.

    .venv/bin/python -c "import django, os; \\
        os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'quorum.settings'); \\
        django.setup(); from search.bench import run; print(run())"

Set DATABASE_URL to measure PostgreSQL. The database is a fresh test
database (``test_<name>``), destroyed at the end; the real one is untouched.
"""

import random
import time

from django.db import connection, transaction

WORDS = [
    "budget",
    "cantine",
    "voirie",
    "école",
    "délibération",
    "subvention",
    "travaux",
    "église",
    "lavoir",
    "cimetière",
    "salle",
    "fêtes",
    "association",
    "eau",
    "assainissement",
    "chemin",
    "éclairage",
    "personnel",
    "tarif",
    "convention",
    "marché",
    "parking",
    "bibliothèque",
]


def run(count: int = 10_000, searches: int = 20) -> dict[str, float]:
    """Seconds to fill the index and, per search, the median and the worst."""
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return _measure(count, searches)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _measure(count: int, searches: int) -> dict[str, float]:
    from collectivites.access import context_for  # noqa: PLC0415 - needs setup
    from documents.models import Document  # noqa: PLC0415
    from quorum.testing import make_personas  # noqa: PLC0415
    from search.backends import search  # noqa: PLC0415
    from search.indexing import _write  # noqa: PLC0415
    from search.models import SearchEntry  # noqa: PLC0415

    rng = random.Random(2027)  # noqa: S311 - reproducible filler text
    personas = make_personas()
    started = time.perf_counter()
    with transaction.atomic():
        documents = Document.objects.bulk_create(
            Document(
                collectivite=personas.commune,
                workspace=personas.finances,
                title=f"{rng.choice(WORDS).capitalize()} {number}",
                created_by=personas.secretaire,
            )
            for number in range(count)
        )
        for start in range(0, count, 1000):
            _write(
                [
                    SearchEntry(
                        key=f"document:{document.pk}",
                        kind=SearchEntry.Kind.DOCUMENT,
                        collectivite=personas.commune,
                        workspace=personas.finances,
                        document=document,
                        title=document.title,
                        body=" ".join(rng.choices(WORDS, k=120)),
                        label=personas.finances.name,
                    )
                    for document in documents[start : start + 1000]
                ]
            )
    indexed = time.perf_counter() - started

    ctx = context_for(personas.secretaire, personas.commune.slug)
    timings = []
    for index in range(searches):
        query = " ".join(rng.sample(WORDS, k=1 + index % 3))
        started = time.perf_counter()
        search(ctx, query)
        timings.append(time.perf_counter() - started)
    timings.sort()
    return {
        "documents": float(count),
        "index_seconds": round(indexed, 2),
        "search_median_seconds": round(timings[len(timings) // 2], 4),
        "search_worst_seconds": round(timings[-1], 4),
    }
