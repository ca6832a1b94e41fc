"""Create a collectivité and invite its first administrator: the one step
of a new installation (or of a new commune on a running one) that no page
does, since every page belongs to a collectivité."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.text import slugify

from collectivites.models import Collectivite
from collectivites.services import invite_member
from domain.roles import ADMINISTRATION_ROLES, ROLE_LABELS, Role
from journal.services import record

_ROLES = {role.value: role for role in ADMINISTRATION_ROLES}


class Command(BaseCommand):
    help = (
        "Crée une collectivité et invite son premier administrateur (maire, "
        "secrétaire de mairie ou DGS), qui reçoit par e-mail un lien pour "
        "choisir son mot de passe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Nom, par exemple « Commune de Saint-Yan ».")
        parser.add_argument(
            "--slug",
            default="",
            help="Identifiant dans les adresses (par défaut, tiré du nom).",
        )
        parser.add_argument(
            "--type",
            dest="kind",
            choices=[kind.value for kind in Collectivite.Kind],
            default=Collectivite.Kind.COMMUNE.value,
        )
        parser.add_argument("--insee", default="", help="Code INSEE (5 caractères).")
        parser.add_argument("--siren", default="", help="SIREN (9 chiffres).")
        parser.add_argument(
            "--population", type=int, default=0, help="Population municipale."
        )
        parser.add_argument(
            "--sieges", type=int, default=15, help="Nombre de sièges du conseil."
        )
        parser.add_argument(
            "--admin-email", required=True, help="E-mail du premier administrateur."
        )
        parser.add_argument("--admin-prenom", required=True)
        parser.add_argument("--admin-nom", required=True)
        parser.add_argument(
            "--admin-role",
            choices=sorted(_ROLES),
            default=Role.SECRETAIRE.value,
            help="Rôle du premier administrateur (secretaire par défaut).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"] or slugify(options["name"])
        if not slug:
            raise CommandError("Donnez un identifiant avec --slug.")
        if Collectivite.objects.filter(slug=slug).exists():
            raise CommandError(
                f"Une collectivité a déjà l'identifiant « {slug} » : choisissez-en "
                "un autre avec --slug."
            )
        role = _ROLES[options["admin_role"]]
        try:
            with transaction.atomic():
                collectivite = Collectivite.objects.create(
                    name=options["name"],
                    slug=slug,
                    kind=options["kind"],
                    insee_code=options["insee"],
                    siren=options["siren"],
                    population_municipale=options["population"],
                    population_totale=options["population"],
                    council_seats=options["sieges"],
                )
                collectivite.full_clean()
                record(
                    "collectivite.created",
                    collectivite=collectivite,
                    target=collectivite,
                    name=collectivite.name,
                )
                membership = invite_member(
                    collectivite=collectivite,
                    by=None,
                    email=options["admin_email"],
                    first_name=options["admin_prenom"],
                    last_name=options["admin_nom"],
                    role=role,
                    is_admin=True,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Collectivité « {collectivite} » créée ({collectivite.slug}). "
            f"{membership.user.email} ({ROLE_LABELS[role]}) en est administrateur ; "
            "l'invitation part par e-mail dès qu'un travailleur (manage.py "
            "db_worker) tourne."
        )
