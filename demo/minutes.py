"""What the demo shows after its séances: an earlier séance of Saint-Exemple
(a communication, no vote) whose procès-verbal the past séance approved,
signed and put online; the past séance's délibérations signed and online,
its list posted and online, its procès-verbal on the agenda of the convened
séance. Everything through the services, then the moments moved onto the
evenings as ``demo.sittings`` does."""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from actes.models import Deliberation, Signature
from actes.services import build_pdfs_of
from actes.signatures import sign
from documents.storage import store
from minutes import build, pdf
from minutes.models import ListeDeliberations, ProcesVerbal
from minutes.services import post_liste, render_liste_pdf
from proceedings.models import Examination, Sitting, Vote
from proceedings.presence import in_office_at
from proceedings.record import seance_record
from proceedings.services import (
    close_seance,
    open_point,
    open_seance,
    record_roll_call,
    save_debates,
)
from publication.services import publish
from seances.models import AgendaItem, Seance
from seances.services import add_item, create_seance, mark_convened

if TYPE_CHECKING:
    from demo.builder import BuiltTown

EARLIER_DAYS = 75
SECRETAIRE_DE_SEANCE = "delegue_numerique"


def hold_earlier_seance(town: "BuiltTown", *, place: str, today: date) -> Seance:
    """A séance held weeks before the past one, on a communication of the
    maire: it took no délibération, its procès-verbal waits for the next
    séance (``minutes.services.attach_waiting``)."""
    from demo.seances import _at  # noqa: PLC0415 - demo.seances imports us

    people = town.members
    by = people["secretaire"].user
    seance = create_seance(
        collectivite=town.collectivite,
        by=by,
        starts_at=_at(today - timedelta(days=EARLIER_DAYS), 20),
        place=place,
        kind=Seance.Kind.ORDINAIRE,
    )
    item = add_item(
        seance,
        by=by,
        title="Communication de la maire sur la rentrée scolaire",
        kind=AgendaItem.Kind.COMMUNICATION,
        rapporteur=people["maire"],
    )
    mark_convened(seance, by=people["maire"].user, sent_on=today - timedelta(85))
    sitting = open_seance(seance, by=by, on=seance.local_start.date())
    record_roll_call(
        sitting,
        by=by,
        entries={member.pk: ("present", None) for member in in_office_at(seance)},
        president=people["maire"],
        secretaire=people[SECRETAIRE_DE_SEANCE],
    )
    examination = open_point(item, by=by)
    save_debates(
        item,
        by=by,
        text="La maire présente les effectifs de l'école : 86 élèves en quatre "
        "classes. Élodie Marchand demande où en est la cantine ; la maire "
        "répond que les travaux seront finis à la Toussaint.",
    )
    close_seance(sitting, by=by)
    evening = seance.local_start
    Sitting.objects.filter(pk=sitting.pk).update(
        opened_at=evening + timedelta(minutes=2),
        roll_call_at=evening + timedelta(minutes=4),
        closed_at=evening + timedelta(minutes=40),
    )
    Examination.objects.filter(pk=examination.pk).update(
        opened_at=evening + timedelta(minutes=6)
    )
    redraft(seance)
    return seance


def redraft(seance: Seance) -> None:
    """The procès-verbal written again from the record once its moments
    are those of the evening."""
    draft = build.draft_of(seance_record(seance))
    ProcesVerbal.objects.filter(seance=seance).update(
        body=draft.body, huis_clos_body=draft.huis_clos_body
    )


def sign_and_publish(town: "BuiltTown", earlier: Seance, past: Seance) -> None:
    """The earlier procès-verbal, approved at the past séance, signed and
    online; the past séance's délibérations signed and online, its list
    posted the next day and online."""
    by = town.members["secretaire"].user
    redraft(past)

    approved = ProcesVerbal.objects.select_related("seance__collectivite").get(
        seance=earlier
    )
    vote = Vote.objects.get(item=approved.approval_item, superseded_at__isnull=True)
    ProcesVerbal.objects.filter(pk=approved.pk).update(approved_at=vote.at)
    approved.refresh_from_db()
    approved.pdf = store_pdf(approved)
    approved.save(update_fields=["pdf", "updated_at"])
    _sign_both(approved)
    publish(approved, by=by)

    build_pdfs_of(
        [
            str(pk)
            for pk in Deliberation.objects.filter(seance=past).values_list(
                "pk", flat=True
            )
        ]
    )
    for deliberation in Deliberation.objects.filter(seance=past).order_by("order"):
        _sign_both(deliberation)
        publish(deliberation, by=by)

    liste = ListeDeliberations.objects.select_related("seance__collectivite").get(
        seance=past
    )
    render_liste_pdf(liste)
    post_liste(liste, by=by, on=past.local_start.date() + timedelta(days=1))
    publish(liste, by=by)


def store_pdf(proces_verbal: ProcesVerbal):  # noqa: ANN201 - a Blob
    import io  # noqa: PLC0415

    return store(io.BytesIO(pdf.proces_verbal_pdf(proces_verbal)))


def _sign_both(act: Deliberation | ProcesVerbal) -> None:
    sitting = Sitting.objects.select_related("president__user", "secretaire__user").get(
        seance=act.seance_id
    )
    for capacity, member in (
        (Signature.Capacity.PRESIDENT, sitting.president),
        (Signature.Capacity.SECRETAIRE, sitting.secretaire),
    ):
        sign(act, member, member.user, capacity)
