from django.urls import path

from previews import views

app_name = "previews"

VERSION = "<slug:collectivite>/documents/<uuid:document_id>/versions/<uuid:version_id>"

urlpatterns = [
    path(f"{VERSION}/apercu/", views.version_preview, name="version"),
    path(f"{VERSION}/apercu/pdf/", views.preview_pdf, name="pdf"),
    path(f"{VERSION}/apercu/afficher/", views.show_preview, name="show"),
    path(f"{VERSION}/apercu/relancer/", views.retry_preview, name="retry"),
    path(
        "<slug:collectivite>/documents/<uuid:document_id>/comparer/",
        views.compare_versions,
        name="compare",
    ),
]
