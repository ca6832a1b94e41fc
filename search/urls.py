from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("<slug:collectivite>/recherche/", views.results, name="results"),
]
