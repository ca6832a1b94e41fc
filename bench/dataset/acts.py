"""The acts of the séances held in the dataset: one numbered délibération
per point voted, its PDF, the signatures of the president and of the
secrétaire de séance, and its publication on the commune's public pages
(CGCT L2121-23, R2121-9, L2131-1, R2131-1).

The rows are those ``actes.services.deliberate`` (at the closing),
``actes.signatures.sign`` and ``publication.services.publish`` write: the
same fields from the same record, the texts and the mentions frozen by
``actes.services.mentions_of`` itself, the annual numbers given in the
order of the séances as ``NumberSequence`` gives them. The PDF is the
dataset's one-page file, not WeasyPrint's (a few seconds each).
"""

import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from uuid import UUID

from accounts.models import User
from actes.models import Deliberation, NumberSequence, Signature
from actes.services import mentions_of
from bench.dataset.files import store_file
from bench.dataset.rows import Rows, new
from collectivites.models import Collectivite, Membership
from domain import actes
from domain.roles import ROLE_LABELS, Role
from domain.votes import Outcome
from proceedings.record import PointRecord, SeanceRecord
from publication.models import Publication
from seances.models import DraftRevision


class ActesOffice:
    """Takes the délibérations of one commune, séance after séance, and
    keeps its annual numbers (``finish`` writes the sequences)."""

    def __init__(
        self,
        rows: Rows,
        rng: random.Random,
        *,
        commune: Collectivite,
        maire: Membership,
        secretaire: Membership,
        now: datetime,
    ) -> None:
        self.rows, self.rng, self.now = rows, rng, now
        self.commune, self.maire = commune, maire
        self.publisher: User = secretaire.user
        capacity = maire.function or ROLE_LABELS[Role.MAIRE]
        # publication.services.author_of (R2131-1).
        self.author = (maire.user.full_name, f"{capacity} de {commune.name}")
        self.numbers: dict[int, list[datetime]] = {}

    def deliberate(
        self, record: SeanceRecord, revisions: Mapping[UUID, DraftRevision]
    ) -> list[Deliberation]:
        """The délibérations of a séance held and closed, as its closing
        takes them: the points voted, in the agenda's order."""
        sitting = record.sitting
        if sitting is None or sitting.closed_at is None:
            raise ValueError("only a closed séance takes délibérations")
        decided_on = record.seance.local_start.date()
        voted = [point for point in record.points if _deliberated(point)]
        made = []
        for order, point in enumerate(voted, start=1):
            taken = self.numbers.setdefault(decided_on.year, [])
            taken.append(sitting.closed_at)
            deliberation = self._deliberation(
                record,
                point,
                order=order,
                sequence=len(taken),
                revision=revisions.get(point.item.pk),
                at=sitting.closed_at,
            )
            made.append(deliberation)
            self._sign_and_publish(record, deliberation)
        return made

    def finish(self) -> None:
        """The year's ``NumberSequence``: its last number given."""
        for year, taken in self.numbers.items():
            self.rows.add(
                new(
                    NumberSequence,
                    collectivite=self.commune,
                    year=year,
                    last=len(taken),
                    created_at=taken[0],
                    updated_at=taken[-1],
                )
            )

    def _deliberation(
        self,
        record: SeanceRecord,
        point: PointRecord,
        *,
        order: int,
        sequence: int,
        revision: DraftRevision | None,
        at: datetime,
    ) -> Deliberation:
        if point.vote is None:
            raise ValueError("a point without a vote takes no délibération")
        vote = point.vote.vote
        year = record.seance.local_start.year
        deliberation = new(
            Deliberation,
            collectivite=self.commune,
            seance=record.seance,
            item=point.item,
            revision=revision,
            order=order,
            year=year,
            sequence=sequence,
            title=point.item.title,
            adopted_on=record.seance.local_start.date(),
            nature=(revision.nature if revision and revision.nature else "1"),
            matiere=revision.matiere if revision else "",
            expose=revision.expose if revision else "",
            visas=revision.visas if revision else "",
            considerants=revision.considerants if revision else "",
            articles=revision.articles if revision else "",
            outcome=(
                Deliberation.Outcome.ADOPTEE
                if vote.outcome == Outcome.ADOPTEE
                else Deliberation.Outcome.REJETEE
            ),
            en_exercice=len(record.in_office),
            presents=len(point.present),
            representes=len(point.represented),
            votants=vote.votants,
            pour=vote.pour,
            contre=vote.contre,
            abstentions=vote.abstentions,
            mentions=mentions_of(record, point),
            created_at=at,
            updated_at=at + timedelta(minutes=1),  # its PDF, drawn by a task
        )
        number = actes.display_number(year, sequence)
        stored = store_file(
            f"deliberation/{deliberation.pk}", f"Délibération {number}", pdf=True
        )
        deliberation.pdf = stored.blob
        self.rows.add(stored.blob, deliberation)
        return deliberation

    def _sign_and_publish(
        self, record: SeanceRecord, deliberation: Deliberation
    ) -> None:
        """Signed by the president and the secrétaire de séance within days
        (no certificate: no PAdES copy), then put online by the secrétaire
        de mairie, the signed PDF itself, or for a point à huis clos its
        adopted text alone (a rejected one is never published)."""
        sitting = record.sitting
        if sitting is None or sitting.closed_at is None or deliberation.pdf is None:
            raise ValueError("a délibération signed needs its séance and PDF")
        signed_at = sitting.closed_at + timedelta(hours=self.rng.randint(12, 72))
        for capacity, signer in (
            (Signature.Capacity.PRESIDENT, sitting.president),
            (Signature.Capacity.SECRETAIRE, sitting.secretaire),
        ):
            if signer is None:
                raise ValueError("a délibération is signed by both")
            self.rows.add(
                new(
                    Signature,
                    collectivite=self.commune,
                    deliberation=deliberation,
                    capacity=capacity,
                    signer=signer,
                    user=signer.user,
                    pdf_sha256=deliberation.pdf.pk,
                    signed_at=signed_at,
                    created_at=signed_at,
                    updated_at=signed_at,
                )
            )
            signed_at += timedelta(minutes=self.rng.randint(1, 90))
        huis_clos = deliberation.item is not None and deliberation.item.huis_clos
        if huis_clos and not deliberation.is_adopted:
            return
        published_at = min(
            signed_at + timedelta(hours=self.rng.randint(1, 72)),
            self.now - timedelta(minutes=5),
        )
        pdf = deliberation.pdf
        if huis_clos:
            copy = store_file(
                f"publication/{deliberation.pk}",
                f"Délibération {deliberation.display_number}",
                pdf=True,
            )
            self.rows.add(copy.blob)
            pdf = copy.blob
        author_name, author_capacity = self.author
        self.rows.add(
            new(
                Publication,
                collectivite=self.commune,
                deliberation=deliberation,
                pdf=pdf,
                author_name=author_name,
                author_capacity=author_capacity,
                published_at=published_at,
                published_by=self.publisher,
                created_at=published_at,
                updated_at=published_at,
            )
        )


def _deliberated(point: PointRecord) -> bool:
    """As ``actes.services``: a point of délibération, maintained, voted."""
    vote = point.vote
    return (
        point.item.is_deliberation
        and point.item.is_active
        and vote is not None
        and bool(vote.vote.outcome)
    )
