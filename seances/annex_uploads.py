"""Files uploaded straight onto an agenda point, to be its annexes.

Such a file becomes a document with its versions like any other, through
``documents.services.create_document`` (every check of an upload applies),
then an annex through ``seances.workflow.link_annex`` (its rules apply: the
agenda of a convened séance is frozen, an annex withdraws the review).

A document needs a workspace. The uploaded annexes of a collectivité are
kept in one workspace of their own, which has no members: among the spaces,
only the maire opens it (``can_see_workspace``), and the maire sees every
point. Everyone else who sees the point reads the file as one of its
annexes, through the point's own address (``annex_download``, behind
``can_see_point``): the document is read by exactly those who see the point,
huis clos included, and by nobody of a shared space.
"""

import uuid
from typing import IO
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from collectivites.models import Collectivite, Workspace
from documents.services import create_document
from seances.models import AgendaItem, Annex
from seances.workflow import link_annex

ANNEX_WORKSPACE_NAME = "Annexes déposées sur les points"
ANNEX_WORKSPACE_DESCRIPTION = (
    "Tenu par Quorum : les fichiers déposés directement sur les points de "
    "l'ordre du jour. Chacun les lit depuis les points qu'il peut voir. "
    "N'ajoutez personne à cet espace : un membre verrait les annexes de tous "
    "les points, même en préparation ou à huis clos."
)
# The workspace's id derives from the collectivité's: it is found again
# whatever its name becomes, and an export keeps it.
_NAMESPACE = UUID("ec730564-834f-4865-857a-4238647f92a6")

# TODO(annex-workspace): nothing but its description stops an administrator
# from adding members to this workspace, who would then read every uploaded
# annex; a kind of workspace that the membership pages refuse would close
# that (collectivites).


def annex_workspace(collectivite: Collectivite) -> Workspace:
    """The collectivité's workspace of uploaded annexes, made on first use."""
    workspace, _ = Workspace.objects.get_or_create(
        id=uuid.uuid5(_NAMESPACE, str(collectivite.pk)),
        defaults={
            "collectivite": collectivite,
            "name": _free_name(collectivite),
            "kind": Workspace.Kind.PROJET,
            "description": ANNEX_WORKSPACE_DESCRIPTION,
        },
    )
    return workspace


def upload_annex(
    item: AgendaItem,
    *,
    by: User,
    stream: IO[bytes],
    filename: str,
    size: int,
    title: str = "",
    upload_key: UUID | None = None,
) -> Annex:
    """Store an uploaded file as a document and attach it to ``item``; when
    the file is refused, or the annex, nothing is kept (the workspace
    included). The same form sent twice gives the first annex back."""
    with transaction.atomic():
        workspace = annex_workspace(item.seance.collectivite)
        document = create_document(
            workspace=workspace,
            author=by,
            stream=stream,
            filename=filename,
            size=size,
            title=title,
            upload_key=upload_key,
        )
        if document.workspace_id != workspace.pk:
            # The key of a form that stored a file elsewhere.
            raise ValidationError("Ce formulaire a déjà servi : rechargez la page.")
        sent_before = Annex.objects.filter(item=item, document=document).first()
        if sent_before is not None:
            return sent_before
        return link_annex(item, by=by, document=document)


def _free_name(collectivite: Collectivite) -> str:
    """The name, unless a space of the collectivité already bears it."""
    taken = set(
        Workspace.objects.filter(
            collectivite=collectivite, name__startswith=ANNEX_WORKSPACE_NAME
        ).values_list("name", flat=True)
    )
    name, n = ANNEX_WORKSPACE_NAME, 1
    while name in taken:
        n += 1
        name = f"{ANNEX_WORKSPACE_NAME} ({n})"
    return name
