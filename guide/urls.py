from django.urls import path

from guide import views

app_name = "guide"

urlpatterns = [
    path("aide/", views.help_index, name="help_index"),
    path("aide/glossaire/", views.glossary, name="glossary"),
    path("aide/<slug:slug>/", views.help_page, name="help"),
    path("compte/affichage/", views.display, name="display"),
    path("compte/visite-guidee/vue/", views.tour_done, name="tour_done"),
]
