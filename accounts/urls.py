from django.urls import path

from accounts.views import (
    auth,
    invitation,
    login_link,
    password,
    personal_data,
    proconnect,
    reauth,
    two_factor,
)

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
    path("compte/mot-de-passe/", password.password_set, name="password_set"),
    path("compte/connexion/code/", two_factor.two_factor_step, name="two_factor"),
    path("compte/securite/", two_factor.security, name="security"),
    path("compte/mes-donnees/", personal_data.my_data, name="my_data"),
    path(
        "compte/securite/double-authentification/",
        two_factor.two_factor_setup,
        name="two_factor_setup",
    ),
    path(
        "compte/securite/double-authentification/retirer/",
        two_factor.two_factor_disable,
        name="two_factor_disable",
    ),
    path(
        "compte/securite/codes-de-secours/",
        two_factor.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
    path("compte/confirmer-mot-de-passe/", reauth.reauth, name="reauth"),
    path(
        "compte/lien-de-connexion/",
        login_link.login_link_request,
        name="login_link_request",
    ),
    path(
        "compte/lien-de-connexion/envoye/",
        login_link.login_link_sent,
        name="login_link_sent",
    ),
    path(
        "compte/lien-de-connexion/<str:token>/",
        login_link.login_link,
        name="login_link",
    ),
    path(
        "compte/proconnect/",
        proconnect.ProConnectStartView.as_view(),
        name="proconnect",
    ),
    path(
        "compte/proconnect/retour/",
        proconnect.ProConnectCallbackView.as_view(),
        name="proconnect_callback",
    ),
]
