from django.urls import path

from web.views import accessibility, pages

app_name = "web"

urlpatterns = [
    path("", pages.home, name="home"),
    path("sante/", pages.healthcheck, name="health"),
    # Before the dashboard, whose one segment is a collectivité's slug.
    path(
        "accessibilite/",
        accessibility.accessibility_statement,
        name="accessibility",
    ),
    path("<slug:collectivite>/", pages.dashboard, name="dashboard"),
]
