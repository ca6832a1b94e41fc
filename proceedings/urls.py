from django.urls import path

from proceedings.views import display, points, run

app_name = "proceedings"

S = "<slug:collectivite>/seances/<uuid:seance_id>/tenue/"
P = "<slug:collectivite>/seances/tenue/points/<uuid:item_id>/"

urlpatterns = [
    path(S, run.seance_run, name="run"),
    path(f"{S}ouvrir/", run.seance_open, name="open"),
    path(f"{S}appel/", run.roll_call, name="roll_call"),
    path(f"{S}mouvements/", run.movement, name="movement"),
    path(f"{S}clore/", run.seance_close, name="close"),
    path(f"{S}defaut-de-quorum/", run.quorum_failed, name="quorum_failed"),
    path(
        "<slug:collectivite>/seances/<uuid:seance_id>/ecran/",
        display.seance_display,
        name="display",
    ),
    path(P, points.point_run, name="point"),
    path(f"{P}ouvrir/", points.point_open, name="point_open"),
    path(f"{P}interet/", points.interest, name="interest"),
    path(f"{P}vote/verifier/", points.vote_preview, name="vote_preview"),
    path(f"{P}vote/", points.vote, name="vote"),
    path(f"{P}scrutin-secret/", points.secret_vote, name="secret_vote"),
    path(f"{P}designation/", points.nomination, name="nomination"),
    path(f"{P}debats/", points.debates, name="debates"),
    path(f"{P}sort/", points.outcome, name="outcome"),
]
