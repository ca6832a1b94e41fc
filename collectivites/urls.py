from django.urls import path

from collectivites.views import (
    admin_members,
    admin_workspaces,
    interims,
    members,
    workspaces,
)
from collectivites.views import member_import as import_views

app_name = "collectivites"

urlpatterns = [
    path("<slug:collectivite>/membres/", members.member_list, name="members"),
    path("<slug:collectivite>/espaces/", workspaces.workspace_list, name="workspaces"),
    path(
        "<slug:collectivite>/espaces/<uuid:workspace_id>/",
        workspaces.workspace_detail,
        name="workspace",
    ),
]

urlpatterns += [
    path(
        "<slug:collectivite>/membres/inviter/",
        admin_members.member_invite,
        name="member_invite",
    ),
    path(
        "<slug:collectivite>/membres/<uuid:membership_id>/",
        admin_members.member_detail,
        name="member",
    ),
    path(
        "<slug:collectivite>/membres/<uuid:membership_id>/modifier/",
        admin_members.member_edit,
        name="member_edit",
    ),
    path(
        "<slug:collectivite>/membres/<uuid:membership_id>/terminer/",
        admin_members.member_end,
        name="member_end",
    ),
    path(
        "<slug:collectivite>/membres/<uuid:membership_id>/renvoyer-invitation/",
        admin_members.member_resend_invitation,
        name="member_resend_invitation",
    ),
    path(
        "<slug:collectivite>/espaces/nouveau/",
        admin_workspaces.workspace_create,
        name="workspace_create",
    ),
    path(
        "<slug:collectivite>/espaces/<uuid:workspace_id>/modifier/",
        admin_workspaces.workspace_edit,
        name="workspace_edit",
    ),
    path(
        "<slug:collectivite>/espaces/<uuid:workspace_id>/membres/",
        admin_workspaces.workspace_members,
        name="workspace_members",
    ),
    path(
        "<slug:collectivite>/espaces/<uuid:workspace_id>/membres/ajouter/",
        admin_workspaces.workspace_member_add,
        name="workspace_member_add",
    ),
    path(
        "<slug:collectivite>/espaces/<uuid:workspace_id>/membres/<uuid:membership_id>/retirer/",
        admin_workspaces.workspace_member_remove,
        name="workspace_member_remove",
    ),
    path(
        "<slug:collectivite>/espaces/<uuid:workspace_id>/membres/<uuid:membership_id>/animateur/",
        admin_workspaces.workspace_member_manager,
        name="workspace_member_manager",
    ),
]

urlpatterns += [
    path(
        "<slug:collectivite>/membres/importer/",
        import_views.member_import,
        name="member_import",
    ),
    path(
        "<slug:collectivite>/membres/importer/verifier/",
        import_views.member_import_preview,
        name="member_import_preview",
    ),
    path(
        "<slug:collectivite>/membres/importer/confirmer/",
        import_views.member_import_confirm,
        name="member_import_confirm",
    ),
    path(
        "<slug:collectivite>/membres/importer/<uuid:import_id>/",
        import_views.member_import_result,
        name="member_import_result",
    ),
    path(
        "<slug:collectivite>/membres/importer/<uuid:import_id>/reprendre/",
        import_views.member_import_resume,
        name="member_import_resume",
    ),
    path(
        "<slug:collectivite>/membres/importer/annuler/",
        import_views.member_import_cancel,
        name="member_import_cancel",
    ),
]

urlpatterns += [
    path("<slug:collectivite>/interims/", interims.interim_list, name="interims"),
    path(
        "<slug:collectivite>/interims/<uuid:interim_id>/terminer/",
        interims.interim_end,
        name="interim_end",
    ),
]
