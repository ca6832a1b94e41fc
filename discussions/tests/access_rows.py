"""Who reaches the discussion and review pages. See ``web/tests/matrix.py``."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from discussions.models import Comment, Review, Thread
from discussions.services import request_review, set_thread_resolved, start_thread
from quorum.testing import World
from web.tests.matrix import FINANCES, Row


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
    "discussions:reply": (
        Row(_open_thread, FINANCES),
        Row(_open_thread, FINANCES, method="POST", ok_status=302, data=_comment),
    ),
    # Its author (the secrétaire) and those who manage the commission: the
    # administration (maire, secrétaire) and its animatrice (the adjointe).
    "discussions:resolve": Row(_open_thread, FINANCES, method="POST", ok_status=302),
    "discussions:reopen": Row(_resolved_thread, FINANCES, method="POST", ok_status=302),
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
    ),
    "discussions:history": Row(_adjointe_comment, FINANCES),
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
