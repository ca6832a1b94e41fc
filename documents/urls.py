from django.urls import path

from documents.views import documents, storage, trash

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
    path(
        "<slug:collectivite>/documents/<uuid:document_id>/versions/<uuid:version_id>/restaurer/",
        documents.restore,
        name="restore_version",
    ),
    path(
        "<slug:collectivite>/documents/<uuid:document_id>/supprimer/",
        trash.delete,
        name="delete",
    ),
    path(
        "<slug:collectivite>/espaces/<uuid:workspace_id>/corbeille/",
        trash.trash,
        name="trash",
    ),
    path(
        "<slug:collectivite>/corbeille/<uuid:document_id>/restaurer/",
        trash.restore,
        name="restore",
    ),
    path(
        "<slug:collectivite>/corbeille/<uuid:document_id>/telecharger/",
        trash.download,
        name="trash_download",
    ),
    path("<slug:collectivite>/stockage/", storage.storage, name="storage"),
]
