from django.urls import path

from collectivites.views import members, workspaces

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
