from django.urls import path

from seances.views import drafts, points, seances

app_name = "seances"

S = "<slug:collectivite>/seances/"
P = "<slug:collectivite>/seances/points/<uuid:item_id>/"

urlpatterns = [
    path(S, seances.seance_list, name="list"),
    path(f"{S}nouvelle/", seances.seance_create, name="create"),
    path(f"{S}<uuid:seance_id>/", seances.seance_detail, name="detail"),
    path(f"{S}<uuid:seance_id>/modifier/", seances.seance_edit, name="edit"),
    path(f"{S}<uuid:seance_id>/convoquer/", seances.seance_convene, name="convene"),
    path(f"{S}<uuid:seance_id>/etat/", seances.seance_advance, name="advance"),
    path(
        f"{S}<uuid:seance_id>/points/nouveau/", points.point_create, name="point_create"
    ),
    path(
        f"{S}<uuid:seance_id>/ordre-du-jour/",
        points.agenda_reorder,
        name="agenda_reorder",
    ),
    path(P, points.point_detail, name="point"),
    path(f"{P}modifier/", points.point_edit, name="point_edit"),
    path(f"{P}deplacer/", points.point_move, name="point_move"),
    path(f"{P}sort/", points.point_outcome, name="point_outcome"),
    path(f"{P}annexes/ajouter/", points.annex_add, name="annex_add"),
    path(f"{P}annexes/deposer/", points.annex_upload, name="annex_upload"),
    path(
        f"{P}annexes/<uuid:annex_id>/telecharger/",
        points.annex_download,
        name="annex_download",
    ),
    path(
        f"{P}annexes/<uuid:annex_id>/nouvelle-version/",
        points.annex_update,
        name="annex_update",
    ),
    path(f"{P}projet/", drafts.draft_edit, name="draft_edit"),
    path(f"{P}projet/versions/", drafts.draft_compare, name="draft_compare"),
    path(f"{P}relecture/demander/", drafts.review_request, name="review_request"),
    path(f"{P}relecture/approuver/", drafts.review_approve, name="review_approve"),
    path(f"{P}relecture/modifications/", drafts.review_changes, name="review_changes"),
    path(f"{P}valider/", drafts.point_validate, name="point_validate"),
]
