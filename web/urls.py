from django.urls import path

from web.views import pages

app_name = "web"

urlpatterns = [
    path("", pages.home, name="home"),
    path("sante/", pages.healthcheck, name="health"),
    path("<slug:collectivite>/", pages.dashboard, name="dashboard"),
]
