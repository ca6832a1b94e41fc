from django import forms
from django.contrib.auth.forms import AuthenticationForm

from web.forms import QuorumForm


class LoginForm(QuorumForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse e-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": (
            "Adresse e-mail ou mot de passe incorrect. Vérifiez votre saisie "
            "(les majuscules comptent dans le mot de passe)."
        ),
        "inactive": "Ce compte est désactivé. Adressez-vous au secrétariat de la mairie.",
    }
