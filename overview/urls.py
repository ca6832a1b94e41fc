from django.urls import path

from overview.views import board, calendar, feed

app_name = "overview"

T = "<slug:collectivite>/tableau/"
C = "<slug:collectivite>/calendrier/"

urlpatterns = [
    # Read by agenda applications, without login: not under a slug.
    path("calendrier/<str:token>.ics", feed.feed, name="feed"),
    path(T, board.board, name="board"),
    path(f"{T}points/<uuid:item_id>/etape/", board.card_move, name="move"),
    path(C, calendar.month, name="calendar"),
    path(f"{C}liste/", calendar.upcoming, name="agenda_list"),
    path(f"{C}abonnement/", feed.feed_settings, name="feed_settings"),
    path(f"{C}abonnement/nouvelle-adresse/", feed.feed_renew, name="feed_renew"),
    path(f"{C}abonnement/supprimer/", feed.feed_revoke, name="feed_revoke"),
]
