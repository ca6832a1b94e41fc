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


class SecondFactorForm(QuorumForm):
    code = forms.CharField(
        label="Code à 6 chiffres de votre application",
        help_text=(
            "Ouvrez votre application d'authentification (par exemple FreeOTP, "
            "Google Authenticator ou Aegis). Sans votre téléphone, saisissez "
            "l'un de vos codes de secours."
        ),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )


class EnrolmentForm(QuorumForm):
    code = forms.CharField(
        label="Code à 6 chiffres affiché par l'application",
        help_text="Il change toutes les 30 secondes : saisissez celui du moment.",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class PasswordCheckForm(QuorumForm):
    """Asks for the current password of ``user`` again."""

    password = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "autofocus": True}
        ),
    )

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):  # type: ignore[attr-defined]
            raise forms.ValidationError(
                "Ce mot de passe n'est pas le bon. Vérifiez votre saisie (les "
                "majuscules comptent)."
            )
        return password


class LoginLinkRequestForm(QuorumForm):
    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="Celle avec laquelle vous vous connectez à Quorum.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
