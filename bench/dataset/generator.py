"""``generate``: the communes of a run, drawn and inserted by batches."""

import multiprocessing
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db import connections
from django.utils import timezone

from bench.dataset.commune import CommuneBuilder, Reference
from bench.dataset.rows import Rows

YEARS = 6
COMMUNES_PER_BATCH = 20


@dataclass
class Dataset:
    communes: int
    seconds: float
    made: Counter[str]
    populations: list[int] = field(repr=False)
    reference: Reference | None = None
    insert_seconds: float = 0.0

    def under(self, inhabitants: int) -> float:
        """The share of the communes made with fewer than ``inhabitants``."""
        below = sum(1 for population in self.populations if population < inhabitants)
        return below / len(self.populations) if self.populations else 0.0


def generate(
    count: int,
    *,
    seed: int = 0,
    years: int = YEARS,
    with_reference: bool = True,
    jobs: int = 1,
) -> Dataset:
    """Add ``count`` communes (the first one the reference when asked), in
    ``jobs`` processes that each draw and insert their share: drawing costs
    as much as inserting, and the two then overlap on the machine's cores."""
    if jobs <= 1 or count < 2 * COMMUNES_PER_BATCH:
        return _generate(count, seed, years, with_reference)
    started = time.perf_counter()
    shares = [count // jobs + (1 if job < count % jobs else 0) for job in range(jobs)]
    connections.close_all()  # each process opens its own
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        parts = pool.starmap(
            _generate,
            [
                (share, seed * 1_000 + job, years, with_reference and job == 0)
                for job, share in enumerate(shares)
            ],
        )
    made: Counter[str] = Counter()
    for part in parts:
        made.update(part.made)
    return Dataset(
        count,
        time.perf_counter() - started,
        made,
        [population for part in parts for population in part.populations],
        parts[0].reference,
        insert_seconds=max(part.insert_seconds for part in parts),
    )


def _generate(count: int, seed: int, years: int, with_reference: bool) -> Dataset:
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - a draw of data, not a secret
    tag = uuid.uuid4().hex[:6]
    now = timezone.now()
    rows = Rows()
    populations: list[int] = []
    reference = None
    for index in range(count):
        builder = CommuneBuilder(
            rows,
            rng,
            slug=f"jeu-{tag}-{index + 1:05d}",
            years=years,
            now=now,
            reference=with_reference and index == 0,
        )
        reference = builder.build() or reference
        populations.append(builder.commune.population_municipale)
        if (index + 1) % COMMUNES_PER_BATCH == 0:
            rows.flush()
    rows.flush()
    return Dataset(
        count,
        time.perf_counter() - started,
        rows.made,
        populations,
        reference,
        insert_seconds=rows.insert_seconds,
    )


def describe(dataset: Dataset) -> str:
    """What was made and how long it took, for the person who asked."""
    lines = [
        f"{dataset.communes} collectivités créées en {dataset.seconds:.1f} s "
        f"({dataset.under(500):.0%} de moins de 500 habitants, "
        f"{dataset.under(1_000):.0%} de moins de 1 000), dont "
        f"{dataset.insert_seconds:.1f} s d'écriture dans la base :",
    ]
    width = max((len(name) for name in dataset.made), default=0)
    lines += [
        f"  {name:<{width}}  {number:>10,}".replace(",", " ")
        for name, number in dataset.made.items()
    ]
    return "\n".join(lines)
