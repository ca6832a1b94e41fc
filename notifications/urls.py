from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path(
        "<slug:collectivite>/notifications/",
        views.notification_list,
        name="list",
    ),
    path(
        "<slug:collectivite>/notifications/tout-lire/",
        views.mark_all_read,
        name="mark_all_read",
    ),
    path(
        "<slug:collectivite>/notifications/preferences/",
        views.preferences,
        name="preferences",
    ),
    path(
        "<slug:collectivite>/notifications/<uuid:notification_id>/ouvrir/",
        views.open_notification,
        name="open",
    ),
]
