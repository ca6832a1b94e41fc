"""Who reaches the discussion and review pages. See ``web/tests/matrix.py``."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from discussions.models import Comment, Review, Thread
from discussions.services import request_review, set_thread_resolved, start_thread
from quorum.testing import World
from seances.models import AgendaItem
from seances.tests.access_rows import (
    COUNCIL,
    DRAFT_READERS,
    make_convened_point,
    make_draft_point,
)
from web.tests.matrix import FINANCES, Row

# Who resolves a thread the secrétaire opened on the draft point: she, those
# who prepare the séances (the maire) and its rapporteur (the adjointe); not
# the agent, who reads and writes in it.
POINT_RESOLVERS = frozenset({"maire", "secretaire", "adjointe"})


def _finances_doc(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "document_id": world.finances_doc.id}


def _thread(world: World, *, resolved: bool = False) -> Thread:
    thread = start_thread(
        document=world.finances_doc,
        author=world.personas.secretaire,
        body="Faut-il relever la subvention du club de foot ?",
    )
    if resolved:
        set_thread_resolved(thread=thread, by=world.personas.secretaire, resolved=True)
    return thread


def _open_thread(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "thread_id": _thread(world).id}


def _resolved_thread(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "thread_id": _thread(world, resolved=True).id}


def _adjointe_comment(world: World) -> dict[str, Any]:
    comment = Comment.objects.create(
        thread=_thread(world), author=world.personas.adjointe, body="D'accord."
    )
    return {"collectivite": world.slug, "comment_id": comment.id}


def _review_for_adjointe(world: World) -> dict[str, Any]:
    review_request = request_review(
        document=world.finances_doc,
        by=world.personas.secretaire,
        reviewers=[world.personas.adjointe],
        due_on=timezone.localdate() + timedelta(days=3),
    )
    review = Review.objects.get(request=review_request)
    return {"collectivite": world.slug, "review_id": review.id}


def _draft_point(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "item_id": make_draft_point(world).pk}


def _convened_point(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "item_id": make_convened_point(world).pk}


def _point_thread(world: World, item: AgendaItem, author: str) -> Thread:
    return start_thread(
        agenda_item=item,
        author=world.user(author),  # type: ignore[arg-type]
        body="Le montant de la décision modificative est-il définitif ?",
    )


def _draft_point_thread(world: World) -> dict[str, Any]:
    thread = _point_thread(world, make_draft_point(world), "secretaire")
    return {"collectivite": world.slug, "thread_id": thread.id}


def _resolved_draft_point_thread(world: World) -> dict[str, Any]:
    thread = _point_thread(world, make_draft_point(world), "secretaire")
    set_thread_resolved(thread=thread, by=world.personas.secretaire, resolved=True)
    return {"collectivite": world.slug, "thread_id": thread.id}


def _convened_point_thread(world: World) -> dict[str, Any]:
    thread = _point_thread(world, make_convened_point(world), "conseiller")
    return {"collectivite": world.slug, "thread_id": thread.id}


def _conseiller_point_comment(world: World) -> dict[str, Any]:
    thread = _point_thread(world, make_convened_point(world), "conseiller")
    return {"collectivite": world.slug, "comment_id": thread.comments.get().id}


def _draft_point_comment(world: World) -> dict[str, Any]:
    thread = _point_thread(world, make_draft_point(world), "secretaire")
    return {"collectivite": world.slug, "comment_id": thread.comments.get().id}


def _question(world: World) -> dict[str, Any]:
    return {"body": "Une question au rapporteur."}


def _comment(world: World) -> dict[str, Any]:
    return {"body": "Une remarque.", "version": ""}


def _review_request(world: World) -> dict[str, Any]:
    p = world.personas
    return {
        "reviewers": [str(p.maire.pk), str(p.adjointe.pk), str(p.secretaire.pk)],
        "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "message": "",
    }


ROWS = {
    "discussions:new_thread": (
        Row(_finances_doc, FINANCES),
        Row(_finances_doc, FINANCES, method="POST", ok_status=302, data=_comment),
    ),
    "discussions:mention_candidates": Row(_finances_doc, FINANCES),
    # A point's discussion follows the point: before the convocation its
    # preparers, rapporteur and named agent; from it, the council.
    "discussions:new_point_thread": (
        Row(_draft_point, DRAFT_READERS),
        Row(_draft_point, DRAFT_READERS, method="POST", ok_status=302, data=_question),
        Row(_convened_point, COUNCIL),
        Row(_convened_point, COUNCIL, method="POST", ok_status=302, data=_question),
    ),
    "discussions:point_mention_candidates": (
        Row(_draft_point, DRAFT_READERS),
        Row(_convened_point, COUNCIL),
    ),
    "discussions:reply": (
        Row(_open_thread, FINANCES),
        Row(_open_thread, FINANCES, method="POST", ok_status=302, data=_comment),
        Row(_draft_point_thread, DRAFT_READERS),
        Row(
            _convened_point_thread,
            COUNCIL,
            method="POST",
            ok_status=302,
            data=_question,
        ),
    ),
    # Its author (the secrétaire) and those who manage the commission: the
    # administration (maire, secrétaire) and its animatrice (the adjointe).
    # On a point: its author, the administration and the rapporteur.
    "discussions:resolve": (
        Row(_open_thread, FINANCES, method="POST", ok_status=302),
        Row(_draft_point_thread, POINT_RESOLVERS, method="POST", ok_status=302),
    ),
    "discussions:reopen": (
        Row(_resolved_thread, FINANCES, method="POST", ok_status=302),
        Row(
            _resolved_draft_point_thread,
            POINT_RESOLVERS,
            method="POST",
            ok_status=302,
        ),
    ),
    # Only the author of a comment changes it.
    "discussions:edit": (
        Row(_adjointe_comment, {"adjointe"}),
        Row(
            _adjointe_comment,
            {"adjointe"},
            method="POST",
            ok_status=302,
            data=_comment,
        ),
        Row(_conseiller_point_comment, {"conseiller"}),
        Row(
            _conseiller_point_comment,
            {"conseiller"},
            method="POST",
            ok_status=302,
            data=_question,
        ),
    ),
    "discussions:history": (
        Row(_adjointe_comment, FINANCES),
        Row(_draft_point_comment, DRAFT_READERS),
    ),
    "discussions:new_review": (
        Row(_finances_doc, FINANCES),
        Row(
            _finances_doc,
            FINANCES,
            method="POST",
            ok_status=302,
            data=_review_request,
        ),
    ),
    # Only the person asked answers.
    "discussions:answer_review": (
        Row(_review_for_adjointe, {"adjointe"}),
        Row(
            _review_for_adjointe,
            {"adjointe"},
            method="POST",
            ok_status=302,
            data=lambda w: {"decision": "approved", "comment": ""},
        ),
    ),
}
