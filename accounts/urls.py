from django.urls import path

from accounts.views import auth

app_name = "accounts"

urlpatterns = [
    path("compte/connexion/", auth.LoginView.as_view(), name="login"),
    path("compte/deconnexion/", auth.LogoutView.as_view(), name="logout"),
]
