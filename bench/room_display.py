"""The screen of the council room, timed from a vote recorded to the screen
showing its result, through the production server.

The reference commune holds a séance tonight (``Reference.held_seance_id``,
roll call taken). For each vote, the secrétaire opens the next point
(untimed) and the screen is brought up to date; then the clock starts, the
secrétaire posts the vote as the point's page does (unanimity), and the
screen's endpoint is asked, as its htmx poll asks it (``?etat=`` of the
screen it shows), until it answers with the result instead of 204. The time
is that of the vote's POST and of the poll that brings the result; in the
room the screen asks once a second, which adds up to one second.
"""

import re
import time
from typing import Any
from uuid import UUID

from django.urls import reverse

from bench.dataset.commune import REFERENCE_DISPLAY_POINTS, Reference
from bench.server import CSRF_COOKIE, Answer, Server, ServerError
from bench.timing import median, percentile
from seances.models import AgendaItem

VOTES, QUICK_VOTES = 20, 4
UNCHANGED_ROUNDS = 20
HTMX = {"HX-Request": "true"}
_STATE = re.compile(r"etat=([0-9a-f]+)")
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_RESULT = "q-ecran__resultat"  # the class of the result announced


def measure(
    server: Server, reference: Reference, session: str, *, votes: int, first: int
) -> dict[str, Any]:
    """Time ``votes`` votes on tonight's points from the ``first``-th one
    (each size of the bench votes its own points)."""
    if first + votes > REFERENCE_DISPLAY_POINTS:
        raise ValueError("tonight's séance has too few points for the bench")
    items = list(
        AgendaItem.objects.filter(seance=reference.held_seance_id)
        .order_by("position")
        .values_list("pk", "position")[first : first + votes]
    )
    screen = reverse(
        "proceedings:display",
        kwargs={"collectivite": reference.slug, "seance_id": reference.held_seance_id},
    )
    page = _expect(server.request("GET", _point_url(reference, items[0][0]), session))
    token = _TOKEN.search(page.text)
    if token is None or CSRF_COOKIE not in page.cookies:
        raise ServerError("la page du point ne donne pas de jeton CSRF")
    form = {"csrfmiddlewaretoken": token[1]}
    cookies = {CSRF_COOKIE: page.cookies[CSRF_COOKIE]}

    def post(name: str, item_id: UUID) -> Answer:
        url = reverse(name, kwargs={"collectivite": reference.slug, "item_id": item_id})
        answer = server.request("POST", url, session, cookies=cookies, form=form)
        if answer.status != 302:
            raise ServerError(f"{url} a répondu {answer.status}")
        return answer

    def poll(state: str) -> Answer:
        return server.request("GET", f"{screen}?etat={state}", headers=HTMX)

    updates, posts, polls = [], [], []
    for item_id, position in items:
        post("proceedings:point_open", item_id)
        shown = _expect(poll(""))
        state = _STATE.search(shown.text)
        if state is None or f"Point {position}<" not in shown.text:
            raise ServerError(f"l'écran ne montre pas le point {position} ouvert")
        started = time.perf_counter()
        posts.append(post("proceedings:vote", item_id).seconds)
        asked = 0
        while True:
            answer = poll(state[1])
            asked += 1
            if answer.status == 200 and _RESULT in answer.text:
                break
            if answer.status != 204 or time.perf_counter() - started > 30:
                raise ServerError(f"l'écran ne montre pas le vote du point {position}")
        updates.append(time.perf_counter() - started)
        polls.append(asked)
    state = _STATE.search(_expect(poll("")).text)
    if state is None:
        raise ServerError("l'écran ne dit pas son état")
    unchanged = []
    for _ in range(UNCHANGED_ROUNDS):
        answer = poll(state[1])
        if answer.status != 204:
            raise ServerError(f"l'écran inchangé a répondu {answer.status}")
        unchanged.append(answer.seconds)
    return {
        "votes": len(updates),
        "median_seconds": round(median(updates), 4),
        "p95_seconds": round(percentile(updates, 0.95), 4),
        "post_median_seconds": round(median(posts), 4),
        "polls_max": max(polls),
        "unchanged_median_seconds": round(median(unchanged), 4),
        "unchanged_p95_seconds": round(percentile(unchanged, 0.95), 4),
    }


def _point_url(reference: Reference, item_id: UUID) -> str:
    return reverse(
        "proceedings:point",
        kwargs={"collectivite": reference.slug, "item_id": item_id},
    )


def _expect(answer: Answer) -> Answer:
    if answer.status != 200:
        raise ServerError(f"réponse {answer.status} au lieu de 200")
    return answer
