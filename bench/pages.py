"""How fast the main pages answer, served by gunicorn with the production
settings, among 10 then 1 000 collectivités of the dataset.

For each size: the server time of each page (median and 95th percentile,
timed by a client on the same machine, one request at a time), its number
of queries (counted in this process through Django's test client on the
same database: it must not change with the size), the time from a vote
recorded to the room's screen showing it (``bench.room_display``), and the
throughput of the élu's dossier page as a share of a view that only
answers "ok" through the same server and middleware (the ceiling),
measured in the same run.

The pages are those of the dataset's reference commune
(``bench.dataset.commune.Reference``): the same at every size.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import room_display
from bench.dataset.commune import REFERENCE_POINTS, REFERENCE_VERSIONS, Reference
from bench.dataset.generator import generate
from bench.server import CEILING_PATH, database_url, production_server
from bench.timing import median, ms, percentile

SIZES = (10, 1_000)
QUICK_SIZES = (2, 4)
ROUNDS, QUICK_ROUNDS = 60, 8
THROUGHPUT_SECONDS, QUICK_THROUGHPUT_SECONDS = 8.0, 1.0
WORKERS = 3  # gunicorn's sync workers on 2 cores (see docs/deploiement.md)
ANONYMOUS = "anonyme"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    persona: str  # "secretaire" or "conseiller" of the reference, or ANONYMOUS
    url: Callable[[Reference], str]


PAGES = (
    Page(
        "dashboard",
        "Tableau de bord (secrétaire)",
        "secretaire",
        lambda ref: reverse("web:dashboard", kwargs={"collectivite": ref.slug}),
    ),
    Page(
        "seance",
        f"Séance de {REFERENCE_POINTS} points (secrétaire)",
        "secretaire",
        lambda ref: reverse(
            "seances:detail",
            kwargs={"collectivite": ref.slug, "seance_id": ref.seance_id},
        ),
    ),
    Page(
        "dossier",
        f"Mes séances : dossier de {REFERENCE_POINTS} points (conseiller)",
        "conseiller",
        lambda ref: reverse(
            "convocations:my_dossier",
            kwargs={"collectivite": ref.slug, "seance_id": ref.seance_id},
        ),
    ),
    Page(
        "document",
        f"Document de {REFERENCE_VERSIONS} versions (secrétaire)",
        "secretaire",
        lambda ref: reverse(
            "documents:detail",
            kwargs={"collectivite": ref.slug, "document_id": ref.document_id},
        ),
    ),
    Page(
        "deliberations",
        "Liste publique des délibérations, six ans (visiteur anonyme)",
        ANONYMOUS,
        lambda ref: reverse("public:deliberations", kwargs={"collectivite": ref.slug}),
    ),
)


def logged_in(reference: Reference, persona: str) -> Client:
    """A test client with the session of one of the reference's people,
    or of nobody."""
    client = Client(SERVER_NAME="127.0.0.1")
    if persona != ANONYMOUS:
        user_id = getattr(reference, f"{persona}_id")
        client.force_login(get_user_model().objects.get(pk=user_id))
    return client


def page_queries(reference: Reference) -> dict[str, int]:
    """The number of queries of each main page; raises if one is not 200."""
    clients = {persona: logged_in(reference, persona) for persona in _personas()}
    counts = {}
    for page in PAGES:
        url = page.url(reference)
        client = clients[page.persona]
        client.get(url)  # the first request of a session may do more
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} a répondu {response.status_code}")
        counts[page.key] = len(queries)
    return counts


def measure(quick: bool) -> dict[str, Any]:
    sizes = QUICK_SIZES if quick else SIZES
    rounds = QUICK_ROUNDS if quick else ROUNDS
    seconds = QUICK_THROUGHPUT_SECONDS if quick else THROUGHPUT_SECONDS
    folder = Path(settings.MEDIA_ROOT).parent
    votes = room_display.QUICK_VOTES if quick else room_display.VOTES
    reference: Reference | None = None
    made = 0
    by_size = []
    for index, size in enumerate(sizes):
        dataset = generate(
            size - made, seed=size, with_reference=reference is None, jobs=2
        )
        reference = reference or dataset.reference
        if reference is None:
            raise RuntimeError("no reference commune")
        made = size
        by_size.append(
            {
                "collectivites": size,
                "dataset_seconds": round(dataset.seconds, 1),
                "rows": sum(dataset.made.values()),
                "queries": page_queries(reference),
                **_served(
                    reference,
                    folder,
                    quick,
                    rounds,
                    seconds,
                    display=(votes, index * votes),
                ),
            }
        )
    return {
        "workers": WORKERS,
        "sizes": by_size,
        "queries_constant": len({str(size["queries"]) for size in by_size}) == 1,
    }


def _served(
    reference: Reference,
    folder: Path,
    quick: bool,
    rounds: int,
    seconds: float,
    *,
    display: tuple[int, int],
) -> dict[str, Any]:
    """``display``: how many of tonight's points to vote, from which."""
    sessions = {
        persona: logged_in(reference, persona)
        .cookies[settings.SESSION_COOKIE_NAME]
        .value
        for persona in _personas()
        if persona != ANONYMOUS
    }
    sessions[ANONYMOUS] = ""
    with production_server(
        database_url=database_url(),
        workers=WORKERS,
        media=Path(settings.MEDIA_ROOT),
        static=None if quick else folder / "static",
    ) as server:
        times = {}
        for page in PAGES:
            answers = server.times(page.url(reference), sessions[page.persona], rounds)
            times[page.key] = {
                "median_seconds": round(median(answers), 4),
                "p95_seconds": round(percentile(answers, 0.95), 4),
            }
        votes, first = display
        shown = room_display.measure(
            server, reference, sessions["secretaire"], votes=votes, first=first
        )
        dossier = next(page for page in PAGES if page.key == "dossier")
        ceiling = server.throughput(CEILING_PATH, "", seconds=seconds)
        dossier_rate = server.throughput(
            dossier.url(reference), sessions["conseiller"], seconds=seconds
        )
    return {
        "times": times,
        "display": shown,
        "ceiling_per_second": round(ceiling, 1),
        "dossier_per_second": round(dossier_rate, 1),
        "dossier_share_of_ceiling": round(dossier_rate / ceiling, 3),
    }


def rows(figure: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for size in figure["sizes"]:
        n = size["collectivites"]
        out.append(
            (
                f"{n} collectivités : jeu de données",
                f"{size['rows']:,} lignes en {size['dataset_seconds']} s".replace(
                    ",", " "
                ),
            )
        )
        for page in PAGES:
            time = size["times"][page.key]
            out.append(
                (
                    f"  {page.label}",
                    f"médiane {ms(time['median_seconds'])}, "
                    f"p95 {ms(time['p95_seconds'])}, "
                    f"{size['queries'][page.key]} requêtes SQL",
                )
            )
        shown = size["display"]
        out += [
            (
                "  Écran de la salle : du vote enregistré à l'écran à jour",
                f"médiane {ms(shown['median_seconds'])}, "
                f"p95 {ms(shown['p95_seconds'])} sur {shown['votes']} votes : "
                f"le POST du vote (médiane {ms(shown['post_median_seconds'])}) "
                "puis l'appel de l'écran qui rapporte le résultat ; l'écran "
                "appelle chaque seconde, soit jusqu'à 1 s de plus dans la salle",
            ),
            (
                "  Écran de la salle : appel sans changement (204)",
                f"médiane {ms(shown['unchanged_median_seconds'])}, "
                f"p95 {ms(shown['unchanged_p95_seconds'])}",
            ),
        ]
        out.append(
            (
                "  Débit du dossier / plafond « ok »",
                f"{size['dossier_per_second']} / {size['ceiling_per_second']} "
                f"réponses par seconde ({size['dossier_share_of_ceiling']:.0%})",
            )
        )
    same = "oui" if figure["queries_constant"] else "NON"
    out.append(("Même nombre de requêtes à chaque taille", same))
    return out


def _personas() -> tuple[str, ...]:
    return tuple(dict.fromkeys(page.persona for page in PAGES))
