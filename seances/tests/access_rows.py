"""Who reaches the pages of the séances. See ``web/tests/matrix.py``.

Each row builds its séance and points from the world through the services:
a séance in preparation with a draft point whose rapporteur is the adjointe
and on which the agent works, and a convened séance with a validated point.
"""

import io
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from domain.interim import Scope
from quorum.testing import World, uploaded_file
from seances.models import PARIS, AgendaItem, Seance
from seances.services import add_item, create_seance, mark_convened
from seances.tests.interims import with_interim
from seances.workflow import (
    approve,
    link_annex,
    request_review,
    save_draft,
    validate,
)
from web.tests.matrix import ADMINISTRATION, MEMBERS, Row

# Before the convocation: the maire, the secrétaire, the rapporteur and the
# named agent; not the conseiller.
DRAFT_READERS = frozenset({"maire", "secretaire", "adjointe", "agent"})
# After the convocation: every élu in office and the administration; the
# agent, not named on this point, does not see it.
COUNCIL = frozenset({"maire", "adjointe", "conseiller", "secretaire"})


def make_seance(world: World, days: int = 20) -> Seance:
    day = timezone.localdate() + timedelta(days=days)
    return create_seance(
        collectivite=world.commune,
        by=world.personas.secretaire,
        starts_at=datetime.combine(day, time(20, 0), tzinfo=PARIS),
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
    )


def make_draft_point(world: World, seance: Seance | None = None) -> AgendaItem:
    item = add_item(
        seance or make_seance(world),
        by=world.personas.secretaire,
        title="Décision modificative n° 1",
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=world.memberships["adjointe"],
        agents=[world.memberships["agent"]],
    )
    save_draft(
        item,
        by=world.personas.secretaire,
        based_on=0,
        visas="Vu le code général des collectivités territoriales,",
        articles="Le budget est modifié.",
        nature="5",
        matiere="7.1",
    )
    return item


def validate_point(world: World, item: AgendaItem) -> AgendaItem:
    request_review(item, by=world.personas.secretaire)
    approve(item, by=world.personas.adjointe)
    return validate(item, by=world.personas.maire)


def make_convened_point(world: World, *, annexed: bool = False) -> AgendaItem:
    """A validated point of a convened séance; with ``annexed``, the
    secrétaire attached the finances' budget before the convocation."""
    seance = make_seance(world)
    item = add_item(
        seance,
        by=world.personas.secretaire,
        title="Tarifs de la cantine",
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=world.memberships["adjointe"],
    )
    save_draft(item, by=world.personas.secretaire, based_on=0, articles="Tarifs.")
    if annexed:
        link_annex(item, by=world.personas.secretaire, document=world.finances_doc)
    validate_point(world, item)
    mark_convened(seance, by=world.personas.maire, sent_on=timezone.localdate())
    item.refresh_from_db()
    return item


def _slug(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _seance(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "seance_id": make_seance(world).pk}


def _convened_seance(world: World) -> dict[str, Any]:
    item = make_convened_point(world)
    return {"collectivite": world.slug, "seance_id": item.seance_id}


def make_convened_meeting(world: World) -> Seance:
    """A convened meeting of the Commission des finances, with one point."""
    day = timezone.localdate() + timedelta(days=20)
    meeting = create_seance(
        collectivite=world.commune,
        by=world.personas.secretaire,
        starts_at=datetime.combine(day, time(18, 0), tzinfo=PARIS),
        place="Salle des commissions",
        kind=Seance.Kind.ORDINAIRE,
        workspace=world.finances,
    )
    add_item(
        meeting,
        by=world.personas.secretaire,
        title="Point sur l'exécution du budget",
        kind=AgendaItem.Kind.INFORMATION,
    )
    mark_convened(meeting, by=world.personas.maire, sent_on=timezone.localdate())
    return meeting


def _convened_meeting(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "seance_id": make_convened_meeting(world).pk}


def _validated_seance(world: World) -> dict[str, Any]:
    item = make_draft_point(world)
    validate_point(world, item)
    return {"collectivite": world.slug, "seance_id": item.seance_id}


def _draft(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "item_id": make_draft_point(world).pk}


def _convened(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "item_id": make_convened_point(world).pk}


def _outdated_annex(world: World) -> dict[str, Any]:
    """An annex of a convened point whose document has a newer version."""
    from documents.services import add_version  # noqa: PLC0415

    item = make_convened_point(world, annexed=True)
    data = b"Budget primitif 2027, version 3\n"
    add_version(
        document=world.finances_doc,
        author=world.personas.secretaire,
        stream=io.BytesIO(data),
        filename="budget-v3.txt",
        size=len(data),
    )
    annex = item.annexes.get()
    return {"collectivite": world.slug, "item_id": item.pk, "annex_id": annex.pk}


def _draft_annex(world: World) -> dict[str, Any]:
    item = make_draft_point(world)
    annex = link_annex(item, by=world.personas.secretaire, document=world.finances_doc)
    return {"collectivite": world.slug, "item_id": item.pk, "annex_id": annex.pk}


def _convened_annex(world: World) -> dict[str, Any]:
    item = make_convened_point(world, annexed=True)
    annex = item.annexes.get()
    return {"collectivite": world.slug, "item_id": item.pk, "annex_id": annex.pk}


def _unassigned(world: World) -> dict[str, Any]:
    """A draft délibération reported by the adjointe, with no agent on it."""
    item = add_item(
        make_seance(world),
        by=world.personas.secretaire,
        title="Tarifs de la cantine",
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=world.memberships["adjointe"],
    )
    return {"collectivite": world.slug, "item_id": item.pk}


def _in_review(world: World) -> dict[str, Any]:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    return {"collectivite": world.slug, "item_id": item.pk}


def _approved(world: World) -> dict[str, Any]:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    approve(item, by=world.personas.adjointe)
    return {"collectivite": world.slug, "item_id": item.pk}


def _approved_handed_to_rapporteur(world: World) -> dict[str, Any]:
    """Approved by the adjointe, its rapporteur, to whom the maire handed
    the validation."""
    adjointe = world.memberships["adjointe"]
    item = add_item(
        make_seance(world),
        by=world.personas.maire,
        title="Budget supplémentaire",
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=adjointe,
        validator=adjointe,
    )
    save_draft(item, by=world.personas.secretaire, based_on=0, articles="Crédits.")
    request_review(item, by=world.personas.secretaire)
    approve(item, by=world.personas.adjointe)
    return {"collectivite": world.slug, "item_id": item.pk}


def _two_points(world: World) -> dict[str, Any]:
    seance = make_seance(world)
    make_draft_point(world, seance)
    second = make_draft_point(world, seance)
    return {"collectivite": world.slug, "item_id": second.pk}


def _agenda(world: World) -> dict[str, Any]:
    seance = make_seance(world)
    make_draft_point(world, seance)
    make_draft_point(world, seance)
    return {"collectivite": world.slug, "seance_id": seance.pk}


def _reversed_order(world: World) -> dict[str, Any]:
    """The points of the séance ``_agenda`` just made, last first."""
    seance = Seance.objects.filter(collectivite=world.commune).latest("created_at")
    points = seance.items.order_by("-position").values_list("pk", flat=True)
    return {"order": [str(pk) for pk in points]}


def _new_seance(world: World) -> dict[str, Any]:
    day = timezone.localdate() + timedelta(days=30)
    return {
        "day": day.isoformat(),
        "hour": "20:00",
        "place": "Mairie",
        "kind": "ordinaire",
    }


def _new_point(world: World) -> dict[str, Any]:
    return {"title": "Point ajouté", "kind": "information"}


def _shown(world: World) -> dict[str, Any]:
    """A decision on the draft carries the version its page showed."""
    return {"revision": "1"}


def _draft_data(world: World) -> dict[str, Any]:
    return {"based_on": "1", "articles": "Nouvel article.", "nature": "1"}


def _upload_data(world: World) -> dict[str, Any]:
    return {"annexe-file": uploaded_file("plan.txt"), "annexe-title": ""}


def _annex_data(world: World) -> dict[str, Any]:
    return {"document": str(world.finances_doc.pk)}


ROWS = {
    "seances:list": Row(_slug, MEMBERS),
    "seances:create": (
        Row(_slug, ADMINISTRATION),
        Row(_slug, ADMINISTRATION, method="POST", ok_status=302, data=_new_seance),
    ),
    # The séance itself (date, place) is known to every member; its points
    # follow their own rule below.
    "seances:detail": Row(_seance, MEMBERS),
    "seances:edit": (
        Row(_seance, ADMINISTRATION),
        Row(_seance, ADMINISTRATION, method="POST", ok_status=302, data=_new_seance),
    ),
    # The page of an urgence; the sending itself is convocations:send.
    "seances:convene": (
        Row(_seance, ADMINISTRATION),
        # The maire's validations handed to the adjointe: not the convocation.
        Row(
            with_interim(_seance, "maire", "adjointe", Scope.VALIDATIONS),
            ADMINISTRATION,
        ),
    ),
    # Opens or closes a commission's meeting; the council's séances are
    # opened and closed while they are held (``proceedings``).
    "seances:advance": Row(
        _convened_meeting, ADMINISTRATION, method="POST", ok_status=302
    ),
    "seances:point_create": (
        Row(_seance, ADMINISTRATION),
        Row(_seance, ADMINISTRATION, method="POST", ok_status=302, data=_new_point),
    ),
    # A draft point: the maire, the secrétaire, its rapporteur (the
    # adjointe) and its named agent; from the convocation every élu.
    "seances:point": (
        Row(_draft, DRAFT_READERS),
        Row(_convened, COUNCIL),
        # The conseiller holds the adjointe's reviews: he sees her draft.
        Row(
            with_interim(_draft, "adjointe", "conseiller", Scope.REVIEWS),
            DRAFT_READERS | {"conseiller"},
        ),
        Row(
            with_interim(_draft, "adjointe", "conseiller", Scope.REVIEWS, ended=True),
            DRAFT_READERS,
        ),
    ),
    "seances:point_edit": (
        Row(_draft, ADMINISTRATION),
        # Holding the secrétaire's preparation is not building the agenda.
        Row(
            with_interim(_draft, "secretaire", "agent", Scope.PREPARATION),
            ADMINISTRATION,
        ),
    ),
    "seances:point_move": Row(
        _two_points,
        ADMINISTRATION,
        method="POST",
        ok_status=302,
        data=lambda w: {"direction": "up"},
    ),
    # The order of the whole agenda, sent by its drag and drop.
    "seances:agenda_reorder": Row(
        _agenda,
        ADMINISTRATION,
        method="POST",
        ok_status=302,
        data=_reversed_order,
    ),
    # Postponing asks first (a page, nothing changed), then does it.
    "seances:point_outcome": (
        Row(
            _draft,
            ADMINISTRATION,
            method="POST",
            data=lambda w: {"outcome": "reporte"},
        ),
        Row(
            _draft,
            ADMINISTRATION,
            method="POST",
            ok_status=302,
            data=lambda w: {"outcome": "reporte", "confirme": "oui"},
        ),
    ),
    # Annexes come from the documents the adder sees: the agent sees no
    # document of the finances, so his choice is refused on the form (200).
    "seances:annex_add": (
        Row(_draft, DRAFT_READERS),
        Row(
            _draft,
            DRAFT_READERS,
            method="POST",
            ok_status=(200, 302),
            data=_annex_data,
        ),
    ),
    # An annex is part of the point's dossier: whoever sees the point reads
    # it, whether or not they see the space the document comes from (the
    # agent, named on the draft point, is no member of the finances).
    # A file uploaded on the point, by those who write its draft; once the
    # séance is convened the agenda is frozen, for everyone.
    "seances:annex_upload": (
        Row(_draft, DRAFT_READERS, method="POST", ok_status=302, data=_upload_data),
        Row(_convened, frozenset(), method="POST", data=_upload_data),
    ),
    "seances:annex_download": (
        Row(_draft_annex, DRAFT_READERS),
        Row(_convened_annex, COUNCIL),
    ),
    "seances:annex_update": Row(
        _outdated_annex, ADMINISTRATION, method="POST", ok_status=302
    ),
    "seances:draft_edit": (
        Row(_draft, DRAFT_READERS),
        Row(_draft, DRAFT_READERS, method="POST", ok_status=302, data=_draft_data),
        # Once convened, those who convene correct what was sent.
        Row(_convened, ADMINISTRATION),
    ),
    "seances:draft_compare": (Row(_draft, DRAFT_READERS), Row(_convened, COUNCIL)),
    "seances:review_request": (
        Row(
            _draft,
            frozenset({"secretaire", "agent"}),
            method="POST",
            ok_status=302,
            data=_shown,
        ),
        # The secrétaire's preparation handed to the agent, on a point the
        # agent is not named on.
        Row(
            with_interim(_unassigned, "secretaire", "agent", Scope.PREPARATION),
            frozenset({"secretaire", "agent"}),
            method="POST",
            ok_status=302,
            data=_shown,
        ),
    ),
    "seances:review_approve": (
        Row(
            _in_review,
            frozenset({"adjointe"}),
            method="POST",
            ok_status=302,
            data=_shown,
        ),
        # In intérim of the adjointe's reviews the conseiller approves, until
        # the period ends.
        Row(
            with_interim(_in_review, "adjointe", "conseiller", Scope.REVIEWS),
            frozenset({"adjointe", "conseiller"}),
            method="POST",
            ok_status=302,
            data=_shown,
        ),
        Row(
            with_interim(
                _in_review, "adjointe", "conseiller", Scope.REVIEWS, ended=True
            ),
            frozenset({"adjointe"}),
            method="POST",
            ok_status=302,
            data=_shown,
        ),
    ),
    "seances:review_changes": Row(
        _in_review,
        frozenset({"adjointe"}),
        method="POST",
        ok_status=302,
        data=lambda w: {"message": "Préciser le montant.", "revision": "1"},
    ),
    # The maire validates; an adjoint only the point they report and that
    # the maire handed to them.
    "seances:point_validate": (
        Row(_approved, frozenset({"maire"}), method="POST", ok_status=302, data=_shown),
        Row(
            _approved_handed_to_rapporteur,
            frozenset({"maire", "adjointe"}),
            method="POST",
            ok_status=302,
            data=_shown,
        ),
        # The adjointe in intérim of the maire (CGCT L2122-17) validates,
        # until the period ends.
        Row(
            with_interim(_approved, "maire", "adjointe", Scope.VALIDATIONS),
            frozenset({"maire", "adjointe"}),
            method="POST",
            ok_status=302,
            data=_shown,
        ),
        Row(
            with_interim(_approved, "maire", "adjointe", Scope.VALIDATIONS, ended=True),
            frozenset({"maire"}),
            method="POST",
            ok_status=302,
            data=_shown,
        ),
    ),
}
