from django.urls import path

from accounts.views import auth, invitation, password

app_name = "accounts"

urlpatterns = [
    path("compte/connexion/", auth.LoginView.as_view(), name="login"),
    path("compte/deconnexion/", auth.LogoutView.as_view(), name="logout"),
    path(
        "compte/mot-de-passe-oublie/",
        password.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "compte/mot-de-passe-oublie/envoye/",
        password.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "compte/nouveau-mot-de-passe/<uidb64>/<token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "compte/invitation/<slug:slug>/<uidb64>/<token>/",
        invitation.InvitationView.as_view(),
        name="invitation",
    ),
]
