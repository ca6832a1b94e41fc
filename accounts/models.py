"""People who log in. A person's place in a collectivité is a Membership."""

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower

from domain.french import Civility


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str, password: str | None = None, **fields: Any
    ) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("adresse e-mail", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    phone = models.CharField("téléphone", max_length=32, blank=True)
    # Agrees the titles written about the person (« la maire », « le 1er
    # adjoint »); left empty, Quorum writes the epicene wording.
    civility = models.CharField(
        "civilité",
        max_length=10,
        blank=True,
        default="",
        choices=[
            (Civility.MADAME.value, "Madame"),
            (Civility.MONSIEUR.value, "Monsieur"),
        ],
    )
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "personne"
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def agreement(self) -> Civility:
        return Civility(self.civility)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name or self.email


class TotpDevice(models.Model):
    """A person's authenticator application (TOTP, RFC 6238): the shared
    secret, and the last time step accepted so that no code serves twice."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="totp_device"
    )
    # TODO(otp-secret-encryption): the secret is stored as is, as every TOTP
    # server must be able to read it; encrypting it with a key kept outside
    # the database would protect it in a stolen backup.
    secret = models.CharField("secret", max_length=64)
    confirmed_at = models.DateTimeField("activée le", null=True, blank=True)
    last_counter = models.BigIntegerField("dernier pas accepté", default=-1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "application d'authentification"

    def __str__(self) -> str:
        return f"TOTP {self.user}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time code to log in without the authenticator application;
    only its SHA-256 is kept (the codes carry 80 random bits)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "code de secours"

    def __str__(self) -> str:
        return f"code de secours de {self.user}"


class LoginLink(models.Model):
    """A link to log in sent by e-mail: it serves once, for a short time.
    The e-mail carries a signed form of ``id``; ``used_at`` makes it single use."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_links")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "lien de connexion"

    def __str__(self) -> str:
        return f"lien de connexion de {self.user}"


class EmailRequest(models.Model):
    """One request that sends an e-mail from a public page (a new password,
    a login link), counted to refuse floods. ``key`` is a SHA-256 of the
    address or of the network address, never the address itself."""

    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
