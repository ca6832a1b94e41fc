"""The public pages, under ``/<slug>/public/``: no login, no member check
(``proceedings.views.display.public_collectivite``)."""

from django.urls import path

from publication.urls import feed
from publication.views import public

app_name = "public"

P = "<slug:collectivite>/public/"
D = f"{P}deliberations/<uuid:publication_id>/"
V = f"{P}proces-verbaux/<uuid:publication_id>/"
L = f"{P}listes/<uuid:publication_id>/"

urlpatterns = [
    path(P, public.index, name="index"),
    path(f"{P}seances/", public.seances, name="seances"),
    path(f"{P}seances.ics", public.seances_ics, name="seances_ics"),
    path(f"{P}actes.atom", feed, name="feed"),
    path(f"{P}deliberations/", public.deliberations, name="deliberations"),
    path(D, public.deliberation, name="deliberation"),
    path(f"{D}pdf/", public.deliberation_pdf, name="deliberation_pdf"),
    path(f"{P}proces-verbaux/", public.proces_verbaux, name="proces_verbaux"),
    path(V, public.proces_verbal, name="proces_verbal"),
    path(f"{V}pdf/", public.proces_verbal_pdf, name="proces_verbal_pdf"),
    path(f"{P}listes/", public.listes, name="listes"),
    path(L, public.liste, name="liste"),
    path(f"{L}pdf/", public.liste_pdf, name="liste_pdf"),
]
