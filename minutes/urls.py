from django.urls import path

from minutes.views import index, liste, proces_verbal

app_name = "minutes"

PV = "<slug:collectivite>/proces-verbaux/<uuid:proces_verbal_id>/"
L = "<slug:collectivite>/listes-deliberations/<uuid:liste_id>/"

urlpatterns = [
    path("<slug:collectivite>/proces-verbaux/", index.index, name="index"),
    path(PV, proces_verbal.proces_verbal, name="proces_verbal"),
    path(f"{PV}modifier/", proces_verbal.proces_verbal_edit, name="proces_verbal_edit"),
    path(f"{PV}signer/", proces_verbal.proces_verbal_sign, name="proces_verbal_sign"),
    path(f"{PV}pdf/", proces_verbal.proces_verbal_pdf, name="proces_verbal_pdf"),
    path(L, liste.liste, name="liste"),
    path(f"{L}affichage/", liste.liste_post, name="liste_post"),
    path(f"{L}pdf/", liste.liste_pdf, name="liste_pdf"),
]
