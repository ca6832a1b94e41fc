from django.urls import path

from dossiers import views

app_name = "dossiers"

S = "<slug:collectivite>/seances/<uuid:seance_id>/documents/"

urlpatterns = [
    path(f"{S}convocation.pdf", views.convocation_pdf, name="convocation"),
    path(f"{S}ordre-du-jour.pdf", views.agenda_pdf, name="agenda"),
    path(f"{S}note-de-synthese.pdf", views.note_pdf, name="note"),
    path(f"{S}dossier/", views.dossier_state, name="state"),
    path(f"{S}dossier/compiler/", views.dossier_build, name="build"),
    path(f"{S}dossier/<str:variant>.pdf", views.dossier_download, name="download"),
]
