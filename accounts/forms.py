from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from accounts.tasks import send_password_reset_email
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


class PasswordResetRequestForm(QuorumForm):
    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="Celle avec laquelle vous vous connectez à Quorum.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def save(self, **kwargs: object) -> None:
        """Hand the sending to the worker, so that the answer comes as fast
        whether or not the address has an account."""
        send_password_reset_email.enqueue(self.cleaned_data["email"])


class ChoosePasswordForm(QuorumForm, SetPasswordForm):
    new_password1 = forms.CharField(
        label="Nouveau mot de passe",
        strip=False,
        help_text=(
            "Au moins 10 caractères, pas uniquement des chiffres, ni un mot de "
            "passe courant, ni un mot proche de votre nom ou de votre adresse. "
            "Une phrase de quelques mots est facile à retenir."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="Le même mot de passe, une seconde fois",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    error_messages = {
        "password_mismatch": "Les deux mots de passe ne sont pas identiques.",
    }
