from django.urls import path

from actes import certificate_views, views

app_name = "actes"

D = "<slug:collectivite>/deliberations/<uuid:deliberation_id>/"

urlpatterns = [
    path(
        "<slug:collectivite>/seances/<uuid:seance_id>/deliberations/",
        views.seance_deliberations,
        name="seance",
    ),
    path(D, views.deliberation_detail, name="detail"),
    path(f"{D}pdf/", views.deliberation_pdf, name="pdf"),
    path(f"{D}odt/", views.deliberation_odt, name="odt"),
    path(f"{D}signer/", views.deliberation_sign, name="sign"),
    path(f"{D}transmission/", views.deliberation_transmission, name="transmission"),
    path(f"{D}transmission/paquet/", views.transmission_package, name="package"),
    path(f"{D}non-transmissible/", views.deliberation_exemption, name="exemption"),
    path(
        "<slug:collectivite>/deliberations/certificat/",
        certificate_views.certificate,
        name="certificate",
    ),
    path(
        "<slug:collectivite>/deliberations/certificat/retirer/",
        certificate_views.certificate_remove,
        name="certificate_remove",
    ),
    path(
        "<slug:collectivite>/deliberations/registre/",
        views.registre_index,
        name="registre",
    ),
    path(
        "<slug:collectivite>/deliberations/registre/<int:year>/",
        views.registre_pdf,
        name="registre_pdf",
    ),
    path(
        "<slug:collectivite>/deliberations/registre/<int:year>/etat/",
        views.registre_state,
        name="registre_state",
    ),
    path(
        "<slug:collectivite>/deliberations/registre/<int:year>/preparer/",
        views.registre_build,
        name="registre_build",
    ),
]
