from django.urls import path

from journal import views

app_name = "journal"

urlpatterns = [
    path("<slug:collectivite>/journal/", views.journal_page, name="page"),
    path(
        "<slug:collectivite>/journal/export.<str:fmt>",
        views.journal_export,
        name="export",
    ),
]
