from django.urls import path

from documents.views import documents

app_name = "documents"

urlpatterns = [
    path(
        "<slug:collectivite>/espaces/<uuid:workspace_id>/ajouter/",
        documents.upload,
        name="upload",
    ),
    path(
        "<slug:collectivite>/documents/<uuid:document_id>/",
        documents.document_detail,
        name="detail",
    ),
    path(
        "<slug:collectivite>/documents/<uuid:document_id>/nouvelle-version/",
        documents.new_version,
        name="new_version",
    ),
    path(
        "<slug:collectivite>/documents/<uuid:document_id>/versions/<uuid:version_id>/telecharger/",
        documents.download,
        name="download",
    ),
]
