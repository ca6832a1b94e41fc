"""How long a search takes over 10,000 documents on the real index.

The documents, their versions and their extracted text are written in bulk
(making 10,000 uploads one by one would take minutes and measure uploads);
the index is then filled by ``search.indexing.index_documents``, the code
that indexes a preview's text and rebuilds the index, and searched by
``search.backends.search`` as the search page does, with the secrétaire's
own access rules.
"""

import hashlib
import random
import time
from itertools import accumulate
from typing import Any

from django.db import connection
from django.utils import timezone

from bench.timing import median, ms, percentile
from bench.town import Town, make_town
from collectivites.access import context_for
from documents.models import Blob, Document, Version
from previews.models import Rendition
from search.backends import search
from search.indexing import index_document, index_documents

DOCUMENTS = 10_000
QUICK_DOCUMENTS = 200
WORKSPACES = 5
ROUNDS = 5
# Re-indexed one at a time, as after an upload: the index's update cost.
SINGLE_UPDATES = 20

# What people type, often without accents, from one word to a phrase; the
# last one matches nothing.
QUERIES = [
    "budget",
    "deliberation",
    "cantine scolaire",
    "travaux de voirie",
    "subvention association",
    "eclairage public",
    "cimetière",
    "tarifs salle des fêtes",
    "assainissement collectif",
    "marché public école",
    "lavoir",
    "compte rendu conseil municipal",
    "convention",
    "personnel communal",
    "bibliotheque",
    "enfouissement des réseaux",
    "photovoltaique toiture",
    "zinzolin",
]
QUICK_QUERIES = QUERIES[:3]

TITLES = [
    "Compte rendu du conseil municipal du {day}",
    "Délibération n° 2027-{n:03d} — {topic}",
    "Devis {topic}",
    "Note de synthèse — {topic}",
    "Convention avec l'association — {topic}",
    "Courrier de la préfecture sur {topic}",
]
TOPICS = [
    "budget primitif",
    "cantine scolaire",
    "voirie communale",
    "éclairage public",
    "cimetière",
    "salle des fêtes",
    "assainissement",
    "bibliothèque",
    "école",
    "personnel communal",
    "lavoir",
    "église",
    "eau potable",
    "chemins ruraux",
]
# The words of a commune's papers, by how often they come: a few in almost
# every document, some in one document out of ten, most in a handful. Words
# are drawn with weights falling as 1/rank, as in real texts, over a
# vocabulary of ``VOCABULARY`` words whose long tail is made up.
VOCABULARY = 20_000
TIERS = {
    1: "le la les de des du un une et à en pour par sur au aux dans est sont",
    25: "conseil municipal commune maire séance délibération vote article "
    "adopté unanimité présent absent pouvoir secrétaire compte rendu budget",
    150: "travaux voirie école cantine subvention association tarif salle fêtes "
    "convention marché public devis entreprise montant euros crédit dépense "
    "recette investissement fonctionnement exercice éclairage personnel "
    "communal agent poste emploi contrat urbanisme permis construire parcelle",
    1500: "cimetière concession assainissement collectif eau potable réseau "
    "bibliothèque parking chemin rural église toiture réfection rénovation "
    "chauffage préfecture intercommunalité syndicat terrain acquisition "
    "cession bail loyer logement scolaire périscolaire transport déchets",
    8000: "lavoir enfouissement photovoltaïque panneaux solaires vestiaires "
    "gendarmerie commémoration monument patronale fibre ramassage isolation",
}
# Most papers are a page or two; a few (a budget, a PLU) are long.
SHORT_WORDS, LONG_WORDS, LONG_SHARE = (150, 1500), (8000, 15000), 0.02


class Filler:
    """Text that looks like a commune's to a search engine, drawn from a
    seeded generator: the same documents at every run."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = self._made_up(VOCABULARY)
        for rank, tier in TIERS.items():
            names = tier.split()
            for offset, word in enumerate(names):
                # A tier's words spread from its rank to about twice it.
                step = max(rank, len(names)) / len(names)
                self.words[rank - 1 + int(offset * step)] = word
        self.weights = list(accumulate(1 / rank for rank in range(1, VOCABULARY + 1)))

    def text(self) -> str:
        low, high = LONG_WORDS if self.rng.random() < LONG_SHARE else SHORT_WORDS
        count = self.rng.randint(low, high)
        words = self.rng.choices(self.words, cum_weights=self.weights, k=count)
        return " ".join(
            " ".join(words[start : start + 14]).capitalize() + "."
            for start in range(0, len(words), 14)
        )

    def _made_up(self, count: int) -> list[str]:
        syllables = [c + v for c in "bcdfglmnprstv" for v in "aeiou"] + ["ou", "an"]
        real = {word for tier in TIERS.values() for word in tier.split()}
        words: dict[str, None] = {}
        while len(words) < count:
            word = "".join(self.rng.choices(syllables, k=self.rng.randint(2, 4)))
            if word not in real:
                words[word] = None
        return list(words)


def measure(quick: bool) -> dict[str, Any]:
    count = QUICK_DOCUMENTS if quick else DOCUMENTS
    queries = QUICK_QUERIES if quick else QUERIES
    rounds = 1 if quick else ROUNDS
    rng = random.Random(2027)  # noqa: S311 - reproducible filler text
    town = make_town(WORKSPACES)
    documents = _documents(town, count, rng)

    started = time.perf_counter()
    indexed = index_documents(Document.objects.filter(collectivite=town.commune))
    index_seconds = time.perf_counter() - started
    update_seconds = _single_updates(town)
    _analyze()

    ctx = context_for(town.secretaire, town.commune.slug)
    for query in queries:  # once unmeasured: connection and caches warm
        search(ctx, query)
    timings: dict[str, list[float]] = {query: [] for query in queries}
    hits: dict[str, int] = {}
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            results = search(ctx, query)
            timings[query].append(time.perf_counter() - started)
            hits[query] = len(results.hits)
    every = [seconds for runs in timings.values() for seconds in runs]
    slowest = max(queries, key=lambda query: median(timings[query]))

    return {
        "documents": len(documents),
        "indexed": indexed,
        "index_seconds": round(index_seconds, 2),
        "index_one_median_seconds": round(median(update_seconds), 4),
        "searches": len(every),
        "search_median_seconds": round(median(every), 4),
        "search_p95_seconds": round(percentile(every, 0.95), 4),
        "slowest_query": slowest,
        "queries": {
            query: {"median_seconds": round(median(runs), 4), "hits": hits[query]}
            for query, runs in timings.items()
        },
    }


def rows(figure: dict[str, Any]) -> list[tuple[str, str]]:
    slowest = figure["slowest_query"]
    return [
        (
            f"Indexation de {figure['documents']:,} documents".replace(",", " "),
            f"{figure['index_seconds']:.2f} s",
        ),
        (
            "Mise à jour d'un document dans l'index (médiane)",
            ms(figure["index_one_median_seconds"]),
        ),
        (
            f"Recherche, médiane sur {figure['searches']} recherches",
            ms(figure["search_median_seconds"]),
        ),
        ("Recherche, 95e centile", ms(figure["search_p95_seconds"])),
        (
            f"Requête la plus lente : « {slowest} »",
            ms(figure["queries"][slowest]["median_seconds"]),
        ),
    ]


def _documents(town: Town, count: int, rng: random.Random) -> list[Document]:
    """``count`` documents of one version each whose text was extracted,
    as the previews' worker leaves them, written in bulk."""
    filler = Filler(rng)
    texts = [filler.text() for _ in range(count)]
    blobs = {}
    for text in texts:
        data = text.encode()
        sha256 = hashlib.sha256(data).hexdigest()
        blobs[sha256] = Blob(sha256=sha256, size=len(data))
    Blob.objects.bulk_create(blobs.values(), batch_size=1000, ignore_conflicts=True)

    author = town.secretaire
    documents = Document.objects.bulk_create(
        [
            Document(
                collectivite=town.commune,
                workspace=town.workspaces[number % len(town.workspaces)],
                title=_title(rng, number),
                created_by=author,
            )
            for number in range(count)
        ],
        batch_size=1000,
    )
    hashes = [hashlib.sha256(text.encode()).hexdigest() for text in texts]
    versions = Version.objects.bulk_create(
        [
            Version(
                document=document,
                number=1,
                blob_id=sha256,
                filename=f"document-{number}.txt",
                content_type="text/plain",
                created_by=author,
            )
            for number, (document, sha256) in enumerate(
                zip(documents, hashes, strict=True)
            )
        ],
        batch_size=1000,
    )
    for document, version in zip(documents, versions, strict=True):
        document.current_version = version
    Document.objects.bulk_update(documents, ["current_version"], batch_size=1000)

    now = timezone.now()
    Rendition.objects.bulk_create(
        [
            Rendition(
                source_id=sha256,
                state=Rendition.State.READY,
                text=text,
                text_source=Rendition.TextSource.DOCUMENT,
                attempts=1,
                finished_at=now,
            )
            for sha256, text in dict(zip(hashes, texts, strict=True)).items()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return documents


def _analyze() -> None:
    """Fresh statistics, as autovacuum would have gathered them by the time
    a commune has 10,000 documents: without them, PostgreSQL plans for an
    empty table."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _single_updates(town: Town) -> list[float]:
    documents = Document.objects.filter(collectivite=town.commune).select_related(
        "workspace", "current_version"
    )[:SINGLE_UPDATES]
    timings = []
    for document in documents:
        started = time.perf_counter()
        index_document(document)
        timings.append(time.perf_counter() - started)
    return timings


def _title(rng: random.Random, number: int) -> str:
    return rng.choice(TITLES).format(
        day=f"{rng.randint(1, 28)}/{rng.randint(1, 12):02d}/20{rng.randint(15, 27)}",
        n=number % 1000,
        topic=rng.choice(TOPICS),
    )
